namespace Vargo.Messaging.Outbox;

/// <summary>An event written in the same transaction as the business change that raised it, waiting for the relay.</summary>
public sealed class OutboxMessage : IOutboxRecord
{
    /// <summary>The event's id, also the AMQP message id consumers de-duplicate on.</summary>
    public Guid Id { get; set; }

    /// <summary>Database-assigned order of writing; the relay publishes in this order.</summary>
    public long Sequence { get; set; }

    public required string EventType { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }

    /// <summary>Publishes the broker refused or returned (unroutable); connection failures do not count.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
