using Vargo.Messaging.Contracts;

namespace Vargo.Messaging;

/// <summary>
/// Handles one event type. Resolved from a fresh DI scope per message; the library has already opened a transaction
/// on the scoped DbContext and recorded the message in the inbox, and commits (then acknowledges) after this returns.
/// Throwing rolls everything back and schedules a retry.
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
