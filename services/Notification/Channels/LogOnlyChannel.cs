using Vargo.Notification.Notifications;

namespace Vargo.Notification.Channels;

/// <summary>
/// The local provider for SMS and push: records what would be sent (kind, user, subject) in the log and the delivery
/// log. Only the subject is logged, never the body or contact details. A real provider replaces it by configuration.
/// </summary>
public sealed partial class LogOnlyChannel(string name, ILogger<LogOnlyChannel> logger) : INotificationChannel
{
    public string Name => name;

    public bool RepeatsSafely => true;

    public Task SendAsync(UserNotification notification, Delivery delivery, CancellationToken cancellationToken)
    {
        LogWouldSend(name, notification.Kind, notification.UserId, notification.Subject, delivery.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "[{Channel}, log only] would send {Kind} to user {UserId}: \"{Subject}\" (delivery {DeliveryId})")]
    private partial void LogWouldSend(string channel, string kind, Guid userId, string subject, Guid deliveryId);
}
