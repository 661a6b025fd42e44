using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Vargo.Messaging.Outbox.Mongo;

/// <summary>
/// The outbox as entries inside the documents of <paramref name="collections"/> (written with <see cref="MongoOutbox"/>).
/// The relay reads the due entries (oldest write first; within a document, in array order), and after the broker
/// confirmed one, records it in <see cref="MongoOutbox.SentCollection"/> and removes it from its document. A crash between
/// the two re-sends it: at-least-once, like the PostgreSQL outbox, and consumers' inboxes drop the copy.
/// </summary>
internal sealed class MongoOutboxStore(IMongoDatabase database, IReadOnlyList<string> collections) : IOutboxStore
{
    private const string CreatedAtPath = MongoOutbox.Field + "." + nameof(MongoOutboxEntry.CreatedAt);

    private readonly IMongoDatabase _database = database;
    private readonly IMongoCollection<MongoOutboxSentRecord> _sent = database.GetCollection<MongoOutboxSentRecord>(MongoOutbox.SentCollection);
    private readonly SemaphoreSlim _indexesLock = new(1, 1);
    private bool _indexed;

    public async Task<IOutboxBatch> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);

        var f = Builders<BsonDocument>.Filter;
        var due = f.ElemMatch<BsonDocument>(MongoOutbox.Field, new BsonDocument("$or", new BsonArray
        {
            new BsonDocument(nameof(MongoOutboxEntry.NextAttemptAt), BsonNull.Value),
            new BsonDocument(nameof(MongoOutboxEntry.NextAttemptAt), new BsonDocument("$lte", now.UtcDateTime)),
        }));

        var found = new List<Pending>();
        foreach (var name in collections)
        {
            var documents = await _database.GetCollection<BsonDocument>(name)
                .Find(due)
                .Project(Builders<BsonDocument>.Projection.Include(MongoOutbox.Field))
                .Sort(Builders<BsonDocument>.Sort.Ascending(CreatedAtPath))
                .Limit(limit)
                .ToListAsync(cancellationToken);
            foreach (var document in documents)
            {
                foreach (var element in document[MongoOutbox.Field].AsBsonArray)
                {
                    var entry = BsonSerializer.Deserialize<MongoOutboxEntry>(element.AsBsonDocument);
                    if (entry.NextAttemptAt is null || entry.NextAttemptAt <= now)
                    {
                        found.Add(new Pending(name, document["_id"], entry));
                    }
                }
            }
        }

        // OrderBy is stable: entries of one document keep their array order.
        return new Batch(this, found.OrderBy(p => p.Entry.CreatedAt).Take(limit).ToList());
    }

    public async Task<OutboxBacklogState> ObserveBacklogAsync(CancellationToken cancellationToken)
    {
        var (pending, oldest, nextDue) = (0, (DateTimeOffset?)null, (DateTimeOffset?)null);
        foreach (var name in collections)
        {
            var totals = await _database.GetCollection<BsonDocument>(name).Aggregate()
                .Match(Builders<BsonDocument>.Filter.SizeGt(MongoOutbox.Field, 0))
                .Unwind(MongoOutbox.Field)
                .Group(new BsonDocument
                {
                    { "_id", BsonNull.Value },
                    { "Pending", new BsonDocument("$sum", 1) },
                    { "Oldest", new BsonDocument("$min", "$" + CreatedAtPath) },
                    { "NextDue", new BsonDocument("$min", $"${MongoOutbox.Field}.{nameof(MongoOutboxEntry.NextAttemptAt)}") },
                })
                .FirstOrDefaultAsync(cancellationToken);
            if (totals is null)
            {
                continue;
            }
            pending += totals["Pending"].ToInt32();
            oldest = Earliest(oldest, totals["Oldest"]);
            nextDue = Earliest(nextDue, totals["NextDue"]);
        }
        return new(pending, oldest, nextDue);
    }

    public Task DeleteSentBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _sent.DeleteManyAsync(r => r.SentAt < cutoff, cancellationToken);

    private static DateTimeOffset? Earliest(DateTimeOffset? current, BsonValue value)
    {
        if (value.IsBsonNull)
        {
            return current;
        }
        var candidate = new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero);
        return current is { } c && c <= candidate ? c : candidate;
    }

    private async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexed)
        {
            return;
        }
        await _indexesLock.WaitAsync(cancellationToken);
        try
        {
            if (_indexed)
            {
                return;
            }
            foreach (var name in collections)
            {
                // Sparse: only documents with pending entries are in it, so finding them stays cheap in a large catalog.
                await _database.GetCollection<BsonDocument>(name).Indexes.CreateOneAsync(
                    new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(CreatedAtPath),
                        new CreateIndexOptions { Name = "outbox_pending", Sparse = true }),
                    cancellationToken: cancellationToken);
            }
            await _sent.Indexes.CreateOneAsync(
                new CreateIndexModel<MongoOutboxSentRecord>(Builders<MongoOutboxSentRecord>.IndexKeys.Ascending(r => r.SentAt),
                    new CreateIndexOptions { Name = "outbox_sent_at" }),
                cancellationToken: cancellationToken);
            _indexed = true;
        }
        finally
        {
            _indexesLock.Release();
        }
    }

    private sealed record Pending(string Collection, BsonValue DocumentId, MongoOutboxEntry Entry);

    private sealed class Batch(MongoOutboxStore store, IReadOnlyList<Pending> pending) : IOutboxBatch
    {
        public IReadOnlyList<IOutboxRecord> Messages { get; } = pending.Select(p => p.Entry).ToList();

        public async Task SaveAsync(CancellationToken cancellationToken)
        {
            // First the record of what was sent (idempotent upserts), then the documents: a crash in between re-sends.
            var sent = pending.Where(p => p.Entry.SentAt is not null).ToList();
            if (sent.Count > 0)
            {
                await store._sent.BulkWriteAsync(sent.Select(p => new ReplaceOneModel<MongoOutboxSentRecord>(
                    Builders<MongoOutboxSentRecord>.Filter.Eq(r => r.Id, p.Entry.Id),
                    new MongoOutboxSentRecord
                    {
                        Id = p.Entry.Id,
                        EventType = p.Entry.EventType,
                        Collection = p.Collection,
                        DocumentId = p.DocumentId,
                        CreatedAt = p.Entry.CreatedAt,
                        SentAt = p.Entry.SentAt!.Value,
                        Attempts = p.Entry.Attempts,
                        LastError = p.Entry.LastError,
                    }) { IsUpsert = true }), cancellationToken: cancellationToken);
            }

            foreach (var collection in pending.GroupBy(p => p.Collection))
            {
                var writes = new List<WriteModel<BsonDocument>>();
                foreach (var document in collection.GroupBy(p => p.DocumentId))
                {
                    var id = Builders<BsonDocument>.Filter.Eq("_id", document.Key);
                    // A refused entry stays, with its attempt count and retry time (arrayFilters address it by id).
                    foreach (var refused in document.Where(p => p.Entry.SentAt is null && p.Entry.Attempts > 0))
                    {
                        var path = $"{MongoOutbox.Field}.$[e]";
                        writes.Add(new UpdateOneModel<BsonDocument>(id, Builders<BsonDocument>.Update
                            .Set($"{path}.{nameof(MongoOutboxEntry.Attempts)}", refused.Entry.Attempts)
                            .Set($"{path}.{nameof(MongoOutboxEntry.NextAttemptAt)}", refused.Entry.NextAttemptAt?.UtcDateTime)
                            .Set($"{path}.{nameof(MongoOutboxEntry.LastError)}", refused.Entry.LastError))
                        {
                            ArrayFilters = [new BsonDocumentArrayFilterDefinition<BsonDocument>(
                                new BsonDocument("e._id", new BsonBinaryData(refused.Entry.Id, GuidRepresentation.Standard)))],
                        });
                    }
                    var sentIds = document.Where(p => p.Entry.SentAt is not null)
                        .Select(p => (BsonValue)new BsonBinaryData(p.Entry.Id, GuidRepresentation.Standard)).ToList();
                    if (sentIds.Count > 0)
                    {
                        writes.Add(new UpdateOneModel<BsonDocument>(id, Builders<BsonDocument>.Update.PullFilter(
                            MongoOutbox.Field, Builders<BsonDocument>.Filter.In("_id", sentIds))));
                    }
                }
                if (writes.Count > 0)
                {
                    await store._database.GetCollection<BsonDocument>(collection.Key).BulkWriteAsync(writes, cancellationToken: cancellationToken);
                }
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
