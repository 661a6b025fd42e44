using Vargo.Messaging.Contracts;

namespace Vargo.Messaging.Consuming;

/// <summary>One handler of one event type in this service.</summary>
internal sealed record ConsumerRegistration(
    string EventName,
    Type EventType,
    string Consumer,
    Func<IServiceProvider, IntegrationEvent, CancellationToken, Task> HandleAsync);

/// <summary>The handlers this service registered with <c>AddConsumer</c>, by event type name (= routing key).</summary>
internal sealed class ConsumerRegistry
{
    private readonly List<ConsumerRegistration> _registrations = [];

    public bool IsEmpty => _registrations.Count == 0;

    public IEnumerable<string> EventNames => _registrations.Select(r => r.EventName).Distinct();

    public void Add(ConsumerRegistration registration)
    {
        if (_registrations.Any(r => r.Consumer == registration.Consumer && r.EventType == registration.EventType))
        {
            throw new InvalidOperationException($"{registration.Consumer} is already registered for {registration.EventName}.");
        }
        _registrations.Add(registration);
    }

    public IReadOnlyList<ConsumerRegistration> For(string eventName) =>
        _registrations.Where(r => r.EventName == eventName).ToList();
}
