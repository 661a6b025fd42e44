using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using Vargo.Messaging.Contracts;

namespace Vargo.Messaging.Outbox.Mongo;

/// <summary>
/// Writing events into a MongoDB document's outbox, in the same single-document write as the change that raised them
/// (the MongoDB counterpart of <c>db.AddIntegrationEvent(…)</c> + <c>SaveChangesAsync</c>). The relay
/// (<c>UseMongoOutbox(collections)</c>) publishes them with publisher confirms.
/// </summary>
public static class MongoOutbox
{
    /// <summary>The array element, in each document of a relayed collection, that holds its pending events.</summary>
    public const string Field = "Outbox";

    /// <summary>Where the relay records sent messages (kept for <c>Messaging:OutboxRetention</c>).</summary>
    public const string SentCollection = "outbox_sent";

    /// <summary>An entry for <paramref name="event"/>, carrying the current trace so the relay's publish span continues it.</summary>
    public static MongoOutboxEntry Entry(IntegrationEvent @event, DateTimeOffset createdAt)
    {
        var activity = Activity.Current;
        return new MongoOutboxEntry
        {
            Id = @event.Id,
            EventType = EventSerializer.EventName(@event.GetType()),
            Payload = EventSerializer.Serialize(@event),
            OccurredAt = @event.OccurredAt,
            CreatedAt = createdAt,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
        };
    }

    /// <summary>
    /// An update that replaces the matched document's content with <paramref name="replacement"/> and appends
    /// <paramref name="events"/> to its outbox, keeping the entries still pending there: one atomic document write.
    /// (A plain replace would drop events the relay has not published yet.) Values are taken literally, so a field
    /// holding "$…" is data, not an expression.
    /// </summary>
    public static UpdateDefinition<TDocument> ReplaceWithEvents<TDocument>(
        TDocument replacement, IEnumerable<IntegrationEvent> events, DateTimeOffset createdAt)
    {
        var content = replacement.ToBsonDocument();
        content.Remove(Field);
        var entries = new BsonArray(events.Select(e => Entry(e, createdAt).ToBsonDocument()));
        var outbox = new BsonDocument("$concatArrays", new BsonArray
        {
            new BsonDocument("$ifNull", new BsonArray { "$" + Field, new BsonArray() }),
            new BsonDocument("$literal", entries),
        });
        var stage = new BsonDocument("$replaceWith", new BsonDocument("$mergeObjects", new BsonArray
        {
            new BsonDocument("$literal", content),
            new BsonDocument(Field, outbox),
        }));
        return new PipelineUpdateDefinition<TDocument>(new[] { stage });
    }

    /// <summary>The pending entries of a collection, in the order the relay publishes them (for tests and operators).</summary>
    public static async Task<IReadOnlyList<MongoOutboxEntry>> PendingAsync(IMongoCollection<BsonDocument> collection, CancellationToken cancellationToken)
    {
        var documents = await collection.Find(Builders<BsonDocument>.Filter.SizeGt(Field, 0))
            .Project(Builders<BsonDocument>.Projection.Include(Field))
            .ToListAsync(cancellationToken);
        return documents
            .SelectMany(d => d[Field].AsBsonArray.Select(e => MongoDB.Bson.Serialization.BsonSerializer.Deserialize<MongoOutboxEntry>(e.AsBsonDocument)))
            .OrderBy(e => e.CreatedAt)
            .ToList();
    }
}
