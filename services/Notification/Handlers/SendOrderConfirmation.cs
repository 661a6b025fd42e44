using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Handlers;

public sealed class SendOrderConfirmation(NotificationWriter notifications) : IIntegrationEventHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        notifications.Add(@event.Id, NotificationKinds.OrderConfirmation, @event.CustomerId, @event.CustomerEmail,
            NotificationTemplates.OrderConfirmation(@event), ChannelNames.Email, ChannelNames.Push);
        return Task.CompletedTask;
    }
}
