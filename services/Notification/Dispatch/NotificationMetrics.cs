using System.Diagnostics.Metrics;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Dispatch;

/// <summary>
/// Notification's business metrics (meter <c>Vargo.Notification</c>, exported by ServiceDefaults' <c>Vargo.*</c> filter):
/// deliveries by channel (email, push, …) and kind (welcome, order_placed, …), both closed sets. See docs/operations.md.
/// </summary>
public sealed class NotificationMetrics
{
    public const string MeterName = "Vargo.Notification";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("vargo.notifications.sent", "{notification}", "Deliveries a channel accepted, by channel and kind.");
        _failed = meter.CreateCounter<long>("vargo.notifications.failed", "{notification}",
            "Deliveries given up on (attempts exhausted or no provider for the channel), by channel and kind.");
    }

    /// <summary>Counts a delivery whose outcome was just saved; a delivery that will be retried is not counted yet.</summary>
    public void Delivered(Delivery delivery)
    {
        var counter = delivery.Status switch
        {
            DeliveryStatus.Sent => _sent,
            DeliveryStatus.Failed => _failed,
            _ => null
        };
        counter?.Add(1,
            new KeyValuePair<string, object?>("vargo.notification.channel", delivery.Channel),
            new KeyValuePair<string, object?>("vargo.notification.kind", delivery.Notification.Kind));
    }
}
