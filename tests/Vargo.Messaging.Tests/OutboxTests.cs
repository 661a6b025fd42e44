using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Vargo.Messaging.Outbox;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

[Collection(MessagingCollection.Name)]
public sealed class OutboxTests(PostgresAndRabbitMQFixture fixture)
{
    private LocalServers Servers => fixture.Servers;

    [Fact]
    public async Task Event_is_published_after_its_business_write_commits()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);

        var placed = await service.PlaceOrderAsync();

        await Eventually.TrueAsync(async () => await service.EffectsAsync(placed.Id) == 1, "the consumer applied the event");
        var row = await service.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == placed.Id));
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task Rolled_back_transaction_leaves_neither_the_business_row_nor_the_event()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);

        var order = new TestOrder { Id = Guid.NewGuid(), Total = 10m };
        var rolledBack = MessagingTestHost.NewOrderPlaced(order);
        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Orders.Add(order);
                db.AddIntegrationEvent(rolledBack);
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
        }

        // A later committed event is delivered; by then the rolled-back one would have been relayed before it.
        var committed = await service.PlaceOrderAsync();
        await Eventually.TrueAsync(async () => await service.EffectsAsync(committed.Id) == 1, "the committed event was applied");

        Assert.False(await service.QueryAsync(db => db.Orders.AnyAsync(o => o.Id == order.Id)));
        Assert.False(await service.QueryAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Id == rolledBack.Id)));
        Assert.Equal(0, await service.EffectsAsync(rolledBack.Id));
    }

    [Fact]
    public async Task Failed_business_write_writes_no_event()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers, consume: false);
        var existing = await service.PlaceOrderAsync();

        var duplicateOrder = new TestOrder { Id = existing.OrderId, Total = 1m };
        var orphan = MessagingTestHost.NewOrderPlaced(duplicateOrder);
        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Orders.Add(duplicateOrder);
            db.AddIntegrationEvent(orphan);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        }

        Assert.False(await service.QueryAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Id == orphan.Id)));
    }

    [Fact]
    public async Task Relay_is_woken_by_the_commit_rather_than_by_its_poll()
    {
        // The safety poll is far longer than the test's patience: only the commit signal can deliver in time.
        await using var service = await MessagingTestHost.StartAsync(Servers,
            configure: o => o.OutboxPollInterval = TimeSpan.FromHours(1));
        var first = await service.PlaceOrderAsync();
        await Eventually.TrueAsync(async () => await service.EffectsAsync(first.Id) == 1, "the first event was applied");

        var second = await service.PlaceOrderAsync();

        await Eventually.TrueAsync(async () => await service.EffectsAsync(second.Id) == 1, "the second event was applied",
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Events_written_while_the_broker_is_down_are_all_published_once_it_is_back()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers);
        var warmUp = await service.PlaceOrderAsync();
        await Eventually.TrueAsync(async () => await service.EffectsAsync(warmUp.Id) == 1, "the consumer is running");

        await Servers.StopAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken);
        var written = new List<Guid>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                written.Add((await service.PlaceOrderAsync(i + 1)).Id);
            }
            Assert.Equal(20, await service.QueryAsync(db => db.Orders.CountAsync(o => o.Total >= 1 && o.Total <= 20)));
            Assert.Equal(20, await service.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => written.Contains(m.Id) && m.SentAt == null)));
        }
        finally
        {
            await Servers.StartAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(
            async () => await service.QueryAsync(db => db.Effects.CountAsync(e => written.Contains(e.EventId))) == 20,
            "every event written during the outage was applied", TimeSpan.FromMinutes(2));
        Assert.Equal(0, await service.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null)));
        var perEvent = await service.QueryAsync(db => db.Effects.Where(e => written.Contains(e.EventId))
            .GroupBy(e => e.EventId).Select(g => g.Count()).ToListAsync());
        Assert.All(perEvent, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Event_published_without_subscriber_is_confirmed_once_with_no_queue_bound()
    {
        // Nobody binds a queue to OrderPlaced here (no consumer). Marked as published without a subscriber, the broker
        // confirms it and the row is sent at its first attempt; otherwise it would come back and be retried for the
        // unroutable window (an hour here, far longer than Eventually waits).
        await using var service = await MessagingTestHost.StartAsync(Servers, consume: false, configure: o =>
        {
            o.EventsWithoutSubscriber.Add(nameof(Contracts.OrderPlaced));
            o.UnroutableRetryWindow = TimeSpan.FromHours(1);
        });

        var placed = await service.PlaceOrderAsync();

        await Eventually.TrueAsync(
            async () => await service.QueryAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Id == placed.Id && m.SentAt != null)),
            "the event was confirmed by the broker");
        var row = await service.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == placed.Id));
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task Event_published_without_subscriber_still_reaches_a_bound_queue()
    {
        await using var service = await MessagingTestHost.StartAsync(Servers, consume: false,
            configure: o => o.EventsWithoutSubscriber.Add(nameof(Contracts.OrderPlaced)));
        // A queue bound before the event is written (an event published without mandatory reaches the queues bound
        // at that moment; a queue bound later would not get it, which is the documented price).
        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        await channel.ExchangeDeclareAsync(service.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: TestContext.Current.CancellationToken);
        var queue = (await channel.QueueDeclareAsync(cancellationToken: TestContext.Current.CancellationToken)).QueueName;
        await channel.QueueBindAsync(queue, service.Exchange, nameof(Contracts.OrderPlaced),
            cancellationToken: TestContext.Current.CancellationToken);

        var placed = await service.PlaceOrderAsync();

        var delivered = await Eventually.ValueAsync(
            async () => await channel.BasicGetAsync(queue, autoAck: true, TestContext.Current.CancellationToken),
            "the event reached the bound queue");
        Assert.Equal(placed.Id.ToString(), delivered.BasicProperties.MessageId);
    }

    [Fact]
    public async Task Unroutable_event_is_retried_not_marked_sent()
    {
        // The default (mandatory): with no queue bound the broker returns the event, and the relay keeps it for a retry.
        await using var service = await MessagingTestHost.StartAsync(Servers, consume: false,
            configure: o => o.UnroutableRetryWindow = TimeSpan.FromHours(1));

        var placed = await service.PlaceOrderAsync();

        await Eventually.TrueAsync(
            async () => await service.QueryAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Id == placed.Id && m.Attempts > 0)),
            "the broker returned the event");
        var row = await service.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == placed.Id));
        Assert.Null(row.SentAt);
    }

    [Fact]
    public async Task Trace_of_the_writing_request_continues_in_the_consumer()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MessagingTelemetry.ActivitySourceName or "Vargo.Messaging.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Vargo.Messaging.Tests");
        await using var service = await MessagingTestHost.StartAsync(Servers);

        string traceId;
        Guid eventId;
        using (var request = source.StartActivity("POST /api/orders", ActivityKind.Server))
        {
            traceId = request!.TraceId.ToString();
            eventId = (await service.PlaceOrderAsync()).Id;
        }

        await Eventually.TrueAsync(async () => await service.EffectsAsync(eventId) == 1, "the event was applied");
        var effect = await service.QueryAsync(db => db.Effects.SingleAsync(e => e.EventId == eventId));
        Assert.Equal(traceId, effect.TraceId);
    }
}
