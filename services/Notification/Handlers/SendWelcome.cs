using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Handlers;

public sealed class SendWelcome(NotificationWriter notifications) : IIntegrationEventHandler<UserRegistered>
{
    public Task HandleAsync(UserRegistered @event, CancellationToken cancellationToken)
    {
        notifications.Add(@event.Id, NotificationKinds.Welcome, @event.UserId, @event.Email,
            NotificationTemplates.Welcome(@event), ChannelNames.Email);
        return Task.CompletedTask;
    }
}
