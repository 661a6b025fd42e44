namespace Vargo.Notification.Notifications;

/// <summary>
/// The delivery log of one notification on one channel. The status is committed before the channel is called
/// (<see cref="DeliveryStatus.Sending"/>) and after it returned, so a crash in between is seen, never silently repeated.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid NotificationId { get; set; }

    public UserNotification Notification { get; set; } = null!;

    public required string Channel { get; set; }

    public DeliveryStatus Status { get; set; } = DeliveryStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>When the current attempt was claimed (status Sending).</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}

public enum DeliveryStatus
{
    /// <summary>Waiting for the dispatcher (first attempt or a retry after a transient failure).</summary>
    Pending,

    /// <summary>Claimed: the intent to send is committed, the channel is being called.</summary>
    Sending,

    Sent,

    /// <summary>Gave up after the last retry.</summary>
    Failed,

    /// <summary>
    /// The process stopped after claiming and before recording the outcome on a channel that cannot repeat a send
    /// safely: it may or may not have been delivered, and is not sent again automatically.
    /// </summary>
    Uncertain
}
