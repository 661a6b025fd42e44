namespace Vargo.Notification.Notifications;

/// <summary>
/// What a user is told about one business event (rendered once, from a template), with one <see cref="Delivery"/>
/// per channel. Unique per (event, kind): an event never produces the same notification twice.
/// </summary>
public sealed class UserNotification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EventId { get; set; }

    public required string Kind { get; set; }

    public Guid UserId { get; set; }

    public required string Email { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Delivery> Deliveries { get; set; } = [];
}
