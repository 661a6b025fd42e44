using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.DeadLetters;
using Vargo.Messaging.Inbox;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

[Collection(MessagingCollection.Name)]
public sealed class InboxTests(PostgresAndRabbitMQFixture fixture)
{
    private LocalServers Servers => fixture.Servers;

    [Fact]
    public async Task Same_message_delivered_twice_has_one_effect()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);
        var placed = MessagingTestHost.NewOrderPlaced(new TestOrder { Id = Guid.NewGuid(), Total = 5m });
        var sentinel = MessagingTestHost.NewOrderPlaced(new TestOrder { Id = Guid.NewGuid(), Total = 6m });

        // The broker redelivers after a lost ack; here the same message simply arrives twice. The queue is consumed
        // one message at a time, so once the sentinel behind them is applied both copies have been handled.
        await WaitForQueueAsync(service);
        await PublishRawAsync(service, placed);
        await PublishRawAsync(service, placed);
        await PublishRawAsync(service, sentinel);

        await Eventually.TrueAsync(async () => await service.EffectsAsync(sentinel.Id) == 1, "the sentinel was applied");
        Assert.Equal(1, await service.EffectsAsync(placed.Id));
        Assert.Equal(1, await service.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == placed.Id)));
    }

    [Fact]
    public async Task Handler_failing_twice_then_succeeding_has_one_effect()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);
        var order = new TestOrder { Id = Guid.NewGuid(), Total = 7m };
        var placed = MessagingTestHost.NewOrderPlaced(order);
        service.Failures.Fail(placed.Id, times: 2);

        await PlaceAsync(service, order, placed);

        await Eventually.TrueAsync(async () => await service.EffectsAsync(placed.Id) == 1, "the third attempt was applied");
        Assert.Equal(3, service.Failures.Calls(placed.Id));
        // The failed attempts' effects (saved before the handler threw) were rolled back with them.
        Assert.Equal(1, await service.EffectsAsync(placed.Id));
    }

    [Fact]
    public async Task Handler_always_failing_dead_letters_the_message_and_replay_after_a_fix_applies_it_once()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);
        var order = new TestOrder { Id = Guid.NewGuid(), Total = 8m };
        var placed = MessagingTestHost.NewOrderPlaced(order);
        service.Failures.Fail(placed.Id, times: -1);
        var deadLetters = service.Services.GetRequiredService<DeadLetterQueue>();

        await PlaceAsync(service, order, placed);

        IReadOnlyList<DeadLetter> letters = [];
        await Eventually.TrueAsync(async () => (letters = await deadLetters.ListAsync(10, default)).Count == 1, "the message was dead-lettered");
        var letter = Assert.Single(letters);
        Assert.Equal(placed.Id.ToString(), letter.MessageId);
        Assert.Equal(nameof(OrderPlaced), letter.EventType);
        Assert.Equal(4, letter.Attempts);
        Assert.Contains("planned failure", letter.Error);
        Assert.Equal(4, service.Failures.Calls(placed.Id));
        Assert.Equal(0, await service.EffectsAsync(placed.Id));
        // Listing does not consume.
        Assert.Single(await deadLetters.ListAsync(10, TestContext.Current.CancellationToken));

        service.Failures.Fix(placed.Id);
        var replay = await deadLetters.ReplayAsync(placed.Id.ToString(), TestContext.Current.CancellationToken);

        Assert.Equal(1, replay.Replayed);
        await Eventually.TrueAsync(async () => await service.EffectsAsync(placed.Id) == 1, "the replayed message was applied");
        Assert.Empty(await deadLetters.ListAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(0, (await deadLetters.ReplayAsync(placed.Id.ToString(), TestContext.Current.CancellationToken)).Replayed);
        Assert.Equal(1, await service.EffectsAsync(placed.Id));
    }

    [Fact]
    public async Task Unreadable_message_goes_straight_to_the_dead_letters()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);
        await WaitForQueueAsync(service);
        var messageId = Guid.NewGuid().ToString();

        await PublishRawAsync(service, messageId, nameof(OrderPlaced), "{not json"u8.ToArray());

        var deadLetters = service.Services.GetRequiredService<DeadLetterQueue>();
        IReadOnlyList<DeadLetter> letters = [];
        await Eventually.TrueAsync(async () => (letters = await deadLetters.ListAsync(10, default)).Count == 1, "the message was dead-lettered");
        Assert.Equal(messageId, letters[0].MessageId);
        Assert.Equal(1, letters[0].Attempts);
        Assert.Contains("Json", letters[0].Error);
    }

    private static async Task PlaceAsync(MessagingTestHost service, TestOrder order, OrderPlaced placed)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        db.Orders.Add(order);
        db.AddIntegrationEvent(placed);
        await db.SaveChangesAsync();
    }

    private static async Task WaitForQueueAsync(MessagingTestHost service)
    {
        var warmUp = await service.PlaceOrderAsync();
        await Eventually.TrueAsync(async () => await service.EffectsAsync(warmUp.Id) == 1, "the consumer is running");
    }

    private static Task PublishRawAsync(MessagingTestHost service, OrderPlaced placed) =>
        PublishRawAsync(service, placed.Id.ToString(), nameof(OrderPlaced),
            Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(placed, System.Text.Json.JsonSerializerOptions.Web)));

    private static async Task PublishRawAsync(MessagingTestHost service, string messageId, string type, byte[] body)
    {
        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { MessageId = messageId, Type = type, DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(service.Exchange, type, mandatory: true, properties, body);
    }
}
