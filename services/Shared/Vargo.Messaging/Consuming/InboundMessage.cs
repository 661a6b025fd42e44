using RabbitMQ.Client;
using Vargo.Messaging.Contracts;

namespace Vargo.Messaging.Consuming;

/// <summary>
/// A delivery read and routed by the consumer, waiting for a batch: everything its handling, acknowledgement and
/// forwarding need after the broker's callback returned (the body is a copy: the client reuses its buffer).
/// </summary>
internal sealed record InboundMessage(
    ulong DeliveryTag,
    string EventName,
    Guid MessageId,
    int Attempt,
    IntegrationEvent Event,
    IReadOnlyList<ConsumerRegistration> Registrations,
    IReadOnlyBasicProperties Properties,
    string RoutingKey,
    ReadOnlyMemory<byte> Body);
