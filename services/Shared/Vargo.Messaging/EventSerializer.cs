using System.Text.Json;
using Vargo.Messaging.Contracts;

namespace Vargo.Messaging;

/// <summary>JSON (web defaults) for event bodies; the routing key and AMQP <c>type</c> carry the event type name.</summary>
internal static class EventSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string EventName(Type eventType) => eventType.Name;

    public static string Serialize(IntegrationEvent @event) => JsonSerializer.Serialize(@event, @event.GetType(), Options);

    public static IntegrationEvent Deserialize(ReadOnlySpan<byte> body, Type eventType) =>
        (IntegrationEvent?)JsonSerializer.Deserialize(body, eventType, Options)
        ?? throw new JsonException($"The body of a {eventType.Name} message is null.");
}
