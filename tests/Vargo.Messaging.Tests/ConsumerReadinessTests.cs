using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using Vargo.Messaging.Contracts;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

/// <summary>
/// A consuming service reports healthy only once its queue is bound: an event published the moment it is healthy, by a
/// producer that does not wait for any queue (no <c>mandatory</c>), still reaches it.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class ConsumerReadinessTests(PostgresAndRabbitMQFixture fixture)
{
    [Fact]
    public async Task An_event_published_as_soon_as_the_consumer_is_healthy_reaches_it()
    {
        await using var service = await MessagingTestHost.StartAsync(fixture.Servers);
        var placed = MessagingTestHost.NewOrderPlaced(new TestOrder { Id = Guid.NewGuid(), Total = 3m });

        await Eventually.TrueAsync(async () => await ConsumerHealthAsync(service) == HealthStatus.Healthy, "the consumer reports ready");
        await PublishToBoundQueuesOnlyAsync(service, placed);

        await Eventually.TrueAsync(async () => await service.EffectsAsync(placed.Id) == 1, "the event was consumed");
    }

    [Fact]
    public async Task A_service_without_consumers_is_ready_at_once()
    {
        await using var service = await MessagingTestHost.StartAsync(fixture.Servers, consume: false);

        Assert.Equal(HealthStatus.Healthy, await ConsumerHealthAsync(service));
    }

    private static async Task<HealthStatus> ConsumerHealthAsync(MessagingTestHost service) =>
        (await service.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == "messaging-consumer", TestContext.Current.CancellationToken)).Status;

    private static async Task PublishToBoundQueuesOnlyAsync(MessagingTestHost service, OrderPlaced placed)
    {
        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            TestContext.Current.CancellationToken);
        var properties = new BasicProperties { MessageId = placed.Id.ToString(), Type = nameof(OrderPlaced), DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(service.Exchange, nameof(OrderPlaced), mandatory: false, properties,
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(placed, JsonSerializerOptions.Web)), TestContext.Current.CancellationToken);
    }
}
