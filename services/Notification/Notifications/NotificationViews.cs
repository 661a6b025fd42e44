namespace Vargo.Notification.Notifications;

public sealed record NotificationView(
    Guid Id,
    string Kind,
    Guid UserId,
    string Subject,
    string Text,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DeliveryView> Deliveries);

public sealed record DeliveryView(string Channel, string Status, int Attempts, DateTimeOffset? SentAt);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, int TotalCount);
