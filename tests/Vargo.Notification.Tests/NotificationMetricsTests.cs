using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Dispatch;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

/// <summary>Notification's metrics, read through an in-process listener while the real service consumes and delivers.</summary>
[Collection(NotificationServersCollection.Name)]
public sealed class NotificationMetricsTests(PostgresAndRabbitMQFixture fixture)
{
    [Fact]
    public async Task An_order_confirmation_counts_one_sent_notification_per_channel_and_one_consumed_message()
    {
        await using var app = await NotificationApp.StartAsync(fixture.Servers);
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, NotificationMetrics.MeterName, "vargo.notifications.sent");
        using var consumed = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.consumed");
        var placed = new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), "buyer@example.test",
            [new OrderLine(Guid.NewGuid(), "KTL-1", "Copper kettle", 1, 39.90m)], 39.90m, "EUR") { OccurredAt = DateTimeOffset.UtcNow };

        await app.PublishAsync(placed);

        await Eventually.TrueAsync(() => Task.FromResult(sent.GetMeasurementSnapshot().Count == 2), "email and push were counted");
        Assert.Equal(["email", "push"], sent.GetMeasurementSnapshot().Select(m => (string)m.Tags["vargo.notification.channel"]!).Order());
        Assert.All(sent.GetMeasurementSnapshot(), m => Assert.Equal("order-confirmation", m.Tags["vargo.notification.kind"]));
        Assert.Equal("OrderPlaced", Assert.Single(consumed.GetMeasurementSnapshot()).Tags["vargo.event.type"]);
    }
}
