using Vargo.Notification.Notifications;

namespace Vargo.Notification.Channels;

/// <summary>A way of reaching a user (email, SMS, push). Throwing means "not delivered, try again later".</summary>
public interface INotificationChannel
{
    string Name { get; }

    /// <summary>
    /// True when calling <see cref="SendAsync"/> again for the same delivery cannot reach the user twice (a file
    /// named by the delivery, a log line), so an attempt cut short by a crash may simply be repeated.
    /// </summary>
    bool RepeatsSafely { get; }

    Task SendAsync(UserNotification notification, Delivery delivery, CancellationToken cancellationToken);
}
