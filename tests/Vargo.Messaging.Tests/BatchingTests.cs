using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RabbitMQ.Client;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.DeadLetters;
using Vargo.Messaging.Inbox;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

/// <summary>
/// The failures batching must survive: the relay publishes a batch with one confirm wait and marks it sent with one
/// UPDATE; the consumer applies a batch in one inbox transaction and acknowledges it after the commit. Batches here
/// are made deterministic with a batch size equal to the messages sent and a long window (the window only bounds the
/// wait for the last message of the batch; nothing asserts on time).
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class BatchingTests(PostgresAndRabbitMQFixture fixture)
{
    private LocalServers Servers => fixture.Servers;

    [Fact]
    public async Task Relay_losing_the_database_between_publish_and_marking_sent_publishes_again_and_each_event_is_handled_once()
    {
        var markFailure = new FailOutboxMarkOnce();
        await using var service = await MessagingTestHost.StartAsync(Servers, configureDb: db => db.AddInterceptors(markFailure));
        var tap = await TapAsync(service);

        var events = await service.PlaceOrdersAsync(3);

        // The broker saw every event twice: confirmed, the mark failed, the rows stayed unsent and were published again.
        await Eventually.TrueAsync(async () => await CountAsync(service, tap) == 6, "the batch was published a second time");
        Assert.Equal(1, markFailure.Failures);
        var sentinel = await service.PlaceOrderAsync();
        await Eventually.TrueAsync(async () => await service.EffectsAsync(sentinel.Id) == 1, "the consumer reached the sentinel");
        foreach (var placed in events)
        {
            Assert.Equal(1, await service.EffectsAsync(placed.Id));
            Assert.Equal(1, service.Failures.Calls(placed.Id));
        }
        Assert.Equal(0, await service.QueryAsync(db => db.Set<Outbox.OutboxMessage>().CountAsync(m => m.SentAt == null)));
    }

    [Fact]
    public async Task Poison_message_in_a_batch_neither_holds_back_nor_loses_the_others()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers, configure: Batches(4));
        var orders = Enumerable.Range(0, 4).Select(i => new TestOrder { Id = Guid.NewGuid(), Total = 20m + i }).ToList();
        var events = orders.Select(MessagingTestHost.NewOrderPlaced).ToList();
        var poison = events[1];
        service.Failures.Fail(poison.Id, times: -1);

        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Orders.AddRange(orders);
            events.ForEach(e => db.AddIntegrationEvent(e));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var deadLetters = service.Services.GetRequiredService<DeadLetterQueue>();
        await Eventually.TrueAsync(async () => (await deadLetters.ListAsync(10, default)).Count == 1, "the poison message was dead-lettered");
        Assert.Equal(poison.Id.ToString(), Assert.Single(await deadLetters.ListAsync(10, TestContext.Current.CancellationToken)).MessageId);
        Assert.Equal(0, await service.EffectsAsync(poison.Id));
        foreach (var placed in events.Where(e => e != poison))
        {
            // Saved inside the rolled-back batch, then applied on their own: one effect each, not two.
            Assert.Equal(1, await service.EffectsAsync(placed.Id));
            Assert.Equal(1, await service.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == placed.Id)));
        }
    }

    [Fact]
    public async Task A_message_that_fails_once_in_a_batch_is_retried_once_as_if_it_had_come_alone()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers, configure: Batches(4));
        using var retried = new MetricCollector<long>(service.Services.GetRequiredService<IMeterFactory>(),
            MessagingMetrics.MeterName, "vargo.messaging.retried");
        var orders = Enumerable.Range(0, 4).Select(i => new TestOrder { Id = Guid.NewGuid(), Total = 30m + i }).ToList();
        var events = orders.Select(MessagingTestHost.NewOrderPlaced).ToList();
        var flaky = events[2];
        service.Failures.Fail(flaky.Id, times: 1);

        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Orders.AddRange(orders);
            events.ForEach(e => db.AddIntegrationEvent(e));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(async () => await service.EffectsAsync(flaky.Id) == 1, "the flaky message was applied on its retry");
        // Its failed attempt in the batch is its first attempt (retried once, then applied), not a free second try:
        // attempts count the same whichever batch a message shares.
        Assert.Equal(1, retried.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, service.Failures.Calls(flaky.Id));
        foreach (var placed in events)
        {
            Assert.Equal(1, await service.EffectsAsync(placed.Id));
        }
    }

    [Fact]
    public async Task Batch_redelivered_after_part_of_it_was_applied_applies_only_the_rest_in_one_transaction()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers, configure: Batches(4));
        var applied = await service.PlaceOrdersAsync(4);
        await Eventually.TrueAsync(async () => (await Task.WhenAll(applied.Select(e => service.EffectsAsync(e.Id)))).All(n => n == 1),
            "the first batch was applied");
        Assert.Equal(1, await DistinctTransactionsAsync(service, applied.Select(e => e.Id)));

        // A commit whose acks were lost: the broker redelivers two applied messages among two new ones.
        var fresh = Enumerable.Range(0, 2).Select(_ => MessagingTestHost.NewOrderPlaced(new TestOrder { Id = Guid.NewGuid(), Total = 3m })).ToList();
        foreach (var placed in new[] { applied[0], fresh[0], applied[1], fresh[1] })
        {
            await PublishRawAsync(service, placed);
        }

        await Eventually.TrueAsync(async () => (await Task.WhenAll(fresh.Select(e => service.EffectsAsync(e.Id)))).All(n => n == 1),
            "the new messages were applied");
        Assert.Equal(1, await DistinctTransactionsAsync(service, fresh.Select(e => e.Id)));
        foreach (var placed in applied)
        {
            Assert.Equal(1, await service.EffectsAsync(placed.Id));
            Assert.Equal(1, service.Failures.Calls(placed.Id));
        }
    }

    private static Action<MessagingOptions> Batches(int size) => options =>
    {
        options.InboxBatchSize = size;
        options.InboxBatchWindow = TimeSpan.FromSeconds(10);
    };

    /// <summary>How many transactions wrote the inbox rows of these messages (rows one transaction wrote share its xmin).</summary>
    private static Task<int> DistinctTransactionsAsync(MessagingTestHost service, IEnumerable<Guid> messageIds)
    {
        var ids = messageIds.ToArray();
        return service.QueryAsync(db => db.Database
            .SqlQueryRaw<int>("SELECT count(DISTINCT xmin::text)::int AS \"Value\" FROM inbox WHERE message_id = ANY({0})", ids)
            .SingleAsync());
    }

    /// <summary>A queue of our own bound to the service's exchange: it counts every copy the broker accepted.</summary>
    private static async Task<string> TapAsync(MessagingTestHost service)
    {
        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(service.Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = $"{service.ServiceName}.tap";
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, service.Exchange, nameof(OrderPlaced));
        return queue;
    }

    private static async Task<uint> CountAsync(MessagingTestHost service, string queue)
    {
        await using var channel = await service.Services.GetRequiredService<IConnection>().CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private static async Task PublishRawAsync(MessagingTestHost service, OrderPlaced placed)
    {
        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { MessageId = placed.Id.ToString(), Type = nameof(OrderPlaced), DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(service.Exchange, nameof(OrderPlaced), mandatory: true, properties,
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(placed, JsonSerializerOptions.Web)));
    }

    /// <summary>The database connection lost once, exactly when the relay marks confirmed rows sent.</summary>
    private sealed class FailOutboxMarkOnce : DbCommandInterceptor
    {
        private int _failures;

        public int Failures => _failures;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("UPDATE", StringComparison.Ordinal) && command.CommandText.Contains("sent_at", StringComparison.Ordinal)
                && Interlocked.CompareExchange(ref _failures, 1, 0) == 0)
            {
                throw new InvalidOperationException("simulated connection loss while marking outbox rows sent");
            }
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
