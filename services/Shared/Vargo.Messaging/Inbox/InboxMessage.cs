namespace Vargo.Messaging.Inbox;

/// <summary>A message a consumer has applied, committed with the consumer's effect: a redelivery finds it and does nothing.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    /// <summary>The handler that applied it (several handlers of one service may each handle the same event once).</summary>
    public required string Consumer { get; set; }

    public required string EventType { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
