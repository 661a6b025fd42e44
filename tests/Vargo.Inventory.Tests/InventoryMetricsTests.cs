using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vargo.Inventory.Stock;
using Vargo.Messaging;
using Vargo.Testing;
using static Vargo.Inventory.Tests.ReservationLifecycleTests;

namespace Vargo.Inventory.Tests;

/// <summary>Inventory's and the event bus's metrics, read through an in-process listener while the real service runs.</summary>
public sealed class InventoryMetricsTests(AllServersFixture fixture)
{
    [Fact]
    public async Task Reservations_expiries_rebuilds_and_the_outbox_show_in_the_metrics()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var granted = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "vargo.inventory.reservations.granted");
        using var refused = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "vargo.inventory.reservations.refused");
        using var expired = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "vargo.inventory.reservations.expired");
        using var rebuilds = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "vargo.inventory.stock.rebuilds");
        using var unroutable = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.unroutable");
        using var pending = new MetricCollector<long>(meters, MessagingMetrics.MeterName, "vargo.messaging.outbox.pending");
        using var age = new MetricCollector<double>(meters, MessagingMetrics.MeterName, "vargo.messaging.outbox.age");
        await host.SetStockAsync("MET-1", 2);

        var expiring = Reserve(Guid.NewGuid(), ("MET-1", 1));
        expiring.Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(1));
        Assert.True((await host.Client.ReserveStockAsync(expiring, cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.True((await host.Client.ReserveStockAsync(expiring, cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.False((await host.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("MET-1", 5)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.False((await host.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("NO-SUCH-SKU", 1)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        host.Time.Offset = TimeSpan.FromMinutes(2);
        await host.InScopeAsync(sp => sp.GetRequiredService<ReservationService>().ExpireDueAsync(CancellationToken.None));
        await host.Services.GetRequiredService<StockReconciler>().RebuildAsync(onlyIfMissing: false, CancellationToken.None);

        // The repeated reservation of one order is one grant.
        Assert.Equal(1, granted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(["insufficient_stock", "unknown_sku"],
            refused.GetMeasurementSnapshot().Select(m => (string)m.Tags["vargo.reservation.refusal"]!).Order());
        Assert.Equal(1, expired.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Contains(rebuilds.GetMeasurementSnapshot(), m => (string?)m.Tags["vargo.stock.rebuild.trigger"] == "full");
        // The expiry's StockReservationExpired goes through the outbox. This host binds no Orders queue and its clock is two
        // minutes ahead, past the unroutable retry window: the relay gives up on it and says so; then the backlog reads empty.
        await Eventually.TrueAsync(() => Task.FromResult(
            unroutable.GetMeasurementSnapshot().Any(m => (string?)m.Tags["vargo.event.type"] == "StockReservationExpired")),
            "the relay gave up on the unroutable StockReservationExpired");
        await Eventually.TrueAsync(() =>
        {
            pending.RecordObservableInstruments();
            age.RecordObservableInstruments();
            return Task.FromResult(pending.LastMeasurement?.Value == 0 && age.LastMeasurement?.Value == 0);
        }, "the outbox gauges read an empty backlog");
    }
}
