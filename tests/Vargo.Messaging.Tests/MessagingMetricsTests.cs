using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

/// <summary>The event bus's metrics, read through an in-process listener while the real relay and consumer run.</summary>
[Collection(MessagingCollection.Name)]
public sealed class MessagingMetricsTests(PostgresAndRabbitMQFixture fixture)
{
    [Fact]
    public async Task Published_consumed_retried_and_dead_lettered_messages_are_counted_by_event_type()
    {
        await using var service = await MessagingTestHost.StartAsync(fixture.Servers);
        var meters = service.Services.GetRequiredService<IMeterFactory>();
        using var published = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.published");
        using var consumed = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.consumed");
        using var retried = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.retried");
        using var deadLettered = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.dead_lettered");
        using var pending = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.outbox.pending");
        var flaky = MessagingTestHost.NewOrderPlaced(new TestOrder { Id = Guid.NewGuid(), Total = 3m });
        var broken = MessagingTestHost.NewOrderPlaced(new TestOrder { Id = Guid.NewGuid(), Total = 4m });
        service.Failures.Fail(flaky.Id, times: 1);
        service.Failures.Fail(broken.Id, times: -1);

        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.AddIntegrationEvent(flaky);
            db.AddIntegrationEvent(broken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.TrueAsync(() => Task.FromResult(deadLettered.GetMeasurementSnapshot().Count == 1 && consumed.GetMeasurementSnapshot().Count == 1),
            "one message was applied and the other dead-lettered");
        Assert.Equal(2, published.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(published.GetMeasurementSnapshot(), m => Assert.Equal("OrderPlaced", m.Tags["vargo.event.type"]));
        Assert.Equal("OrderPlaced", consumed.LastMeasurement!.Tags["vargo.event.type"]);
        // One retry of the flaky message, three of the broken one (4 attempts), then the dead-letter queue.
        Assert.Equal(4, retried.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(("OrderPlaced", "attempts_exhausted"),
            (deadLettered.LastMeasurement!.Tags["vargo.event.type"], deadLettered.LastMeasurement.Tags["vargo.dead_letter.reason"]));
        await Eventually.TrueAsync(() =>
        {
            pending.RecordObservableInstruments();
            return Task.FromResult(pending.LastMeasurement?.Value == 0);
        }, "the outbox backlog reads empty");
    }
}
