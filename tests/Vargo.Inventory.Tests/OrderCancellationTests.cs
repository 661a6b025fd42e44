using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vargo.Inventory.Data;
using Vargo.Inventory.Events;
using Vargo.Inventory.Grpc;
using Vargo.Inventory.Stock;
using Vargo.Messaging.Contracts;
using Vargo.Testing;
using static Vargo.Inventory.Tests.ReservationLifecycleTests;

namespace Vargo.Inventory.Tests;

/// <summary>
/// OrderCancelled: before the sale it is a release; after the sale (the order was cancelled before shipment) the sold
/// units go back on stock exactly once, whatever the number of deliveries, restarts and rebuilds.
/// </summary>
[Collection(RedisWipingCollection.Name)]
public sealed class OrderCancellationTests(AllServersFixture fixture)
{
    [Fact]
    public async Task Cancelling_after_the_commit_puts_the_units_back_once_under_duplicate_deliveries()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("RET-1", 5);
        await host.SetStockAsync("RET-2", 3);
        var orderId = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("RET-1", 2), ("RET-2", 3)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.True((await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken)).Committed);
        Assert.Equal(3, await host.AvailableAsync("RET-1"));
        Assert.Equal(0, await host.AvailableAsync("RET-2"));

        var cancelled = Cancelled(orderId);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => DeliverAsync(host, cancelled)));
        await DeliverAsync(host, cancelled);

        Assert.Equal(5, await host.AvailableAsync("RET-1"));
        Assert.Equal(3, await host.AvailableAsync("RET-2"));
        var returned = Assert.Single(await host.LedgerAsync("RET-1"), e => e.Kind == LedgerEntryKind.Return);
        Assert.Equal((orderId, 2), (returned.OrderId!.Value, returned.Quantity));
        Assert.Single(await host.LedgerAsync("RET-2"), e => e.Kind == LedgerEntryKind.Return && e.Quantity == 3);
        Assert.Equal(5, await host.LedgerAvailableAsync("RET-1"));
        Assert.Equal(5, await OnHandAsync(host, "RET-1"));
        Assert.Equal(3, await OnHandAsync(host, "RET-2"));
        Assert.Equal(ReservationState.Returned, await StateAsync(host, orderId));

        // Late retries of the earlier steps neither sell nor free anything again.
        Assert.Equal(CommitStatus.Committed, (await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ReleaseStatus.Committed, (await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ReservationStatus.Committed, (await host.Client.ReserveStockAsync(Reserve(orderId, ("RET-1", 2), ("RET-2", 3)), cancellationToken: TestContext.Current.CancellationToken)).Status);
        Assert.Equal(5, await host.AvailableAsync("RET-1"));
        Assert.Equal(3, await host.AvailableAsync("RET-2"));
    }

    [Fact]
    public async Task Cancelling_before_the_commit_is_a_release_and_a_late_commit_sells_nothing()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("RET-3", 4);
        var orderId = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("RET-3", 3)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);

        var cancelled = Cancelled(orderId);
        await Task.WhenAll(DeliverAsync(host, cancelled), DeliverAsync(host, cancelled));
        var lateCommit = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        await DeliverAsync(host, cancelled);

        Assert.Equal(CommitStatus.Released, lateCommit.Status);
        Assert.Equal(4, await host.AvailableAsync("RET-3"));
        var ledger = await host.LedgerAsync("RET-3");
        Assert.Single(ledger, e => e.Kind == LedgerEntryKind.Release);
        Assert.DoesNotContain(ledger, e => e.Kind is LedgerEntryKind.Return or LedgerEntryKind.Commit);
        Assert.Equal(4, await OnHandAsync(host, "RET-3"));
        Assert.Equal(ReservationState.Released, await StateAsync(host, orderId));
    }

    [Fact]
    public async Task After_a_return_the_rebuild_agrees_with_redis_and_a_redelivery_in_the_new_generation_adds_nothing()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("RET-4", 6);
        var returned = Guid.NewGuid();
        var open = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(returned, ("RET-4", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = returned.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True((await host.Client.ReserveStockAsync(Reserve(open, ("RET-4", 1)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        await DeliverAsync(host, Cancelled(returned));
        Assert.Equal(5, await host.AvailableAsync("RET-4"));

        await host.Services.GetRequiredService<StockReconciler>().RebuildAsync(onlyIfMissing: false, CancellationToken.None);
        Assert.Equal(5, await host.AvailableAsync("RET-4"));
        await DeliverAsync(host, Cancelled(returned));
        Assert.Equal(5, await host.AvailableAsync("RET-4"));

        await host.Redis.ExecuteAsync("FLUSHDB");
        Assert.Equal(5, await host.AvailableAsync("RET-4"));
        Assert.Equal(5, await host.LedgerAvailableAsync("RET-4"));
        // The other order's reservation is still open after all of it.
        Assert.True((await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = open.ToString() }, cancellationToken: TestContext.Current.CancellationToken)).Released);
        Assert.Equal(6, await host.AvailableAsync("RET-4"));
    }

    [Fact]
    public async Task A_crash_between_the_return_ledger_write_and_redis_is_settled_by_the_restart_without_a_double_return()
    {
        var store = await InventoryTestHost.CreateStoreAsync(fixture.Servers);
        var orderId = Guid.NewGuid();
        await using (var host = await InventoryTestHost.StartAsync(store))
        {
            await host.SetStockAsync("RET-5", 3);
            Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("RET-5", 3)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
            await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
            host.Faults.CrashAt = InventoryFaults.AfterLedgerClose;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => DeliverAsync(host, Cancelled(orderId)));
            // Held back (never freed twice) until the rebuild.
            Assert.Equal(0, await host.AvailableAsync("RET-5"));
            Assert.Equal(3, await host.LedgerAvailableAsync("RET-5"));
        }

        await using var restarted = await InventoryTestHost.StartAsync(store);
        Assert.Equal(3, await restarted.AvailableAsync("RET-5"));
        await DeliverAsync(restarted, Cancelled(orderId));
        Assert.Equal(3, await restarted.AvailableAsync("RET-5"));
        Assert.Single(await restarted.LedgerAsync("RET-5"), e => e.Kind == LedgerEntryKind.Return);
        Assert.Equal(3, await OnHandAsync(restarted, "RET-5"));
    }

    private static Task DeliverAsync(InventoryTestHost host, OrderCancelled @event) => host.InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<ReleaseReservationWhenOrderCancelled>().HandleAsync(@event, CancellationToken.None);
        return true;
    });

    private static OrderCancelled Cancelled(Guid orderId) =>
        new(orderId, Guid.NewGuid(), "buyer@example.test", "cancelled by customer", []);

    private static Task<int> OnHandAsync(InventoryTestHost host, string sku) => host.InScopeAsync(sp =>
        sp.GetRequiredService<InventoryDbContext>().StockItems.Where(s => s.Sku == sku).Select(s => s.OnHand).SingleAsync());

    private static Task<ReservationState> StateAsync(InventoryTestHost host, Guid orderId) => host.InScopeAsync(sp =>
        sp.GetRequiredService<InventoryDbContext>().Reservations.Where(r => r.OrderId == orderId).Select(r => r.State).SingleAsync());
}
