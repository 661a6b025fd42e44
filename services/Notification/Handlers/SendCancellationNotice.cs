using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Handlers;

public sealed class SendCancellationNotice(NotificationWriter notifications) : IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(OrderCancelled @event, CancellationToken cancellationToken)
    {
        notifications.Add(@event.Id, NotificationKinds.OrderCancelled, @event.CustomerId, @event.CustomerEmail,
            NotificationTemplates.OrderCancelled(@event), ChannelNames.Email);
        return Task.CompletedTask;
    }
}
