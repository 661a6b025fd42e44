namespace Vargo.Messaging.Outbox;

/// <summary>
/// One outbox message as the relay sees it, whichever database keeps it: an EF Core row (<see cref="OutboxMessage"/>)
/// or an entry inside a MongoDB document (<see cref="Mongo.MongoOutboxEntry"/>). The relay records its outcome here.
/// </summary>
public interface IOutboxRecord
{
    Guid Id { get; }
    string EventType { get; }
    string Payload { get; }
    DateTimeOffset OccurredAt { get; }
    DateTimeOffset CreatedAt { get; }
    string? TraceParent { get; }
    string? TraceState { get; }
    int Attempts { get; set; }
    DateTimeOffset? NextAttemptAt { get; set; }
    string? LastError { get; set; }
    DateTimeOffset? SentAt { get; set; }
}

/// <summary>Where a service keeps its outbox; the one <see cref="OutboxRelay{TStore}"/> publishes from any of them.</summary>
internal interface IOutboxStore
{
    /// <summary>Unsent messages that are due (never refused, or past their retry time), in write order.</summary>
    Task<IOutboxBatch> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The unsent backlog (for the metrics) and the earliest retry time of a refused message.</summary>
    Task<OutboxBacklogState> ObserveBacklogAsync(CancellationToken cancellationToken);

    /// <summary>Forgets sent messages older than <paramref name="cutoff"/>.</summary>
    Task DeleteSentBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

/// <summary>A batch read for publishing; <see cref="SaveAsync"/> persists the outcomes the relay recorded on its messages.</summary>
internal interface IOutboxBatch : IAsyncDisposable
{
    IReadOnlyList<IOutboxRecord> Messages { get; }

    Task SaveAsync(CancellationToken cancellationToken);
}

internal sealed record OutboxBacklogState(int Pending, DateTimeOffset? Oldest, DateTimeOffset? NextDue);

public static class OutboxRecordExtensions
{
    /// <summary>The event a message carries, read back as the consumers read it.</summary>
    public static TEvent ReadEvent<TEvent>(this IOutboxRecord record) where TEvent : Contracts.IntegrationEvent =>
        (TEvent)EventSerializer.Deserialize(System.Text.Encoding.UTF8.GetBytes(record.Payload), typeof(TEvent));
}
