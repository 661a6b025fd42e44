using Vargo.Notification.Data;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Notifications;

/// <summary>Records a rendered notification and its pending deliveries; the dispatcher sends them after the commit.</summary>
public sealed class NotificationWriter(NotificationsDbContext db, TimeProvider time)
{
    public void Add(Guid eventId, string kind, Guid userId, string email, RenderedMessage message, params string[] channels)
    {
        var notification = new UserNotification
        {
            EventId = eventId,
            Kind = kind,
            UserId = userId,
            Email = email,
            Subject = message.Subject,
            TextBody = message.Text,
            HtmlBody = message.Html,
            CreatedAt = time.GetUtcNow()
        };
        notification.Deliveries.AddRange(channels.Select(channel => new Delivery { Channel = channel }));
        db.Notifications.Add(notification);
    }
}
