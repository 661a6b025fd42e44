using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Handlers;

/// <summary>PaymentRefunded: tells the customer what was given back (each refund, partial or full, once).</summary>
public sealed class SendRefundNotice(NotificationWriter notifications) : IIntegrationEventHandler<PaymentRefunded>
{
    public Task HandleAsync(PaymentRefunded @event, CancellationToken cancellationToken)
    {
        notifications.Add(@event.Id, NotificationKinds.Refund, @event.CustomerId, @event.CustomerEmail,
            NotificationTemplates.Refund(@event), ChannelNames.Email, ChannelNames.Push);
        return Task.CompletedTask;
    }
}
