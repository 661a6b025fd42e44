using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Handlers;

public sealed class SendPaymentFailedAlert(NotificationWriter notifications) : IIntegrationEventHandler<PaymentFailed>
{
    public Task HandleAsync(PaymentFailed @event, CancellationToken cancellationToken)
    {
        notifications.Add(@event.Id, NotificationKinds.PaymentFailed, @event.CustomerId, @event.CustomerEmail,
            NotificationTemplates.PaymentFailed(@event), ChannelNames.Email, ChannelNames.Push);
        return Task.CompletedTask;
    }
}
