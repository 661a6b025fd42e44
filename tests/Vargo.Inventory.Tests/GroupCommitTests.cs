using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Inventory.Data;
using Vargo.Testing;
using static Vargo.Inventory.Tests.ReservationLifecycleTests;

namespace Vargo.Inventory.Tests;

/// <summary>
/// Concurrent reservations share ledger transactions (ReservationLedgerWriter): every order still lands exactly once,
/// and a batch holding one order id several times writes one reservation.
/// </summary>
public sealed class GroupCommitTests(AllServersFixture fixture)
{
    [Fact]
    public async Task Many_concurrent_reservations_share_transactions_and_each_lands_in_the_ledger_exactly_once()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("BATCH-A", 2000);
        await host.SetStockAsync("BATCH-B", 2000);

        var orders = Enumerable.Range(0, 600).Select(i => (OrderId: Guid.NewGuid(), Two: i % 3 == 0)).ToList();
        var start = new TaskCompletionSource();
        var calls = orders.Select(async order =>
        {
            await start.Task;
            var request = order.Two ? Reserve(order.OrderId, ("BATCH-A", 1), ("BATCH-B", 2)) : Reserve(order.OrderId, ("BATCH-A", 1));
            return await host.Client.ReserveStockAsync(request);
        }).ToList();
        start.SetResult();
        var replies = await Task.WhenAll(calls);

        Assert.All(replies, reply => Assert.True(reply.Reserved));
        var reserveRows = (await host.LedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Reserve).ToList();
        var rowsByOrder = reserveRows.ToLookup(e => e.OrderId!.Value);
        foreach (var (orderId, two) in orders)
        {
            var rows = rowsByOrder[orderId].ToDictionary(e => e.Sku, e => e.Quantity);
            Assert.Equal(two ? new Dictionary<string, int> { ["BATCH-A"] = 1, ["BATCH-B"] = 2 } : new() { ["BATCH-A"] = 1 }, rows);
        }
        Assert.Equal(orders.Count, rowsByOrder.Count);
        Assert.Equal(orders.Count, await host.InScopeAsync(sp =>
            sp.GetRequiredService<InventoryDbContext>().Reservations.CountAsync(r => r.State == ReservationState.Reserved)));

        Assert.Equal(2000 - 600, await host.AvailableAsync("BATCH-A"));
        Assert.Equal(2000 - 2 * 200, await host.AvailableAsync("BATCH-B"));
        Assert.Equal(await host.LedgerAvailableAsync("BATCH-A"), await host.AvailableAsync("BATCH-A"));
        Assert.Equal(await host.LedgerAvailableAsync("BATCH-B"), await host.AvailableAsync("BATCH-B"));

        // Rows written by one transaction share its id (xmin): fewer transactions than orders means they were grouped.
        var transactions = await host.InScopeAsync(sp => sp.GetRequiredService<InventoryDbContext>().Database
            .SqlQuery<string>($"""SELECT DISTINCT xmin::text AS "Value" FROM reservations""").ToListAsync());
        Assert.InRange(transactions.Count, 1, orders.Count - 1);
    }

    [Fact]
    public async Task The_same_order_id_reserved_concurrently_many_times_holds_its_units_once()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("DUP-1", 100);
        var duplicated = Guid.NewGuid();
        var others = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();

        // The copies and some other orders arrive together, so copies of the order share a batch with each other and others.
        var start = new TaskCompletionSource();
        var copies = Enumerable.Range(0, 30).Select(async _ =>
        {
            await start.Task;
            return await host.Client.ReserveStockAsync(Reserve(duplicated, ("DUP-1", 3)));
        }).ToList();
        var rest = others.Select(async orderId =>
        {
            await start.Task;
            return await host.Client.ReserveStockAsync(Reserve(orderId, ("DUP-1", 1)));
        }).ToList();
        start.SetResult();
        var copyReplies = await Task.WhenAll(copies);
        var otherReplies = await Task.WhenAll(rest);

        Assert.All(copyReplies, reply => Assert.True(reply.Reserved));
        Assert.Single(copyReplies.Select(reply => reply.ExpiresAtUnixMs).Distinct());
        Assert.All(otherReplies, reply => Assert.True(reply.Reserved));
        var ledger = await host.LedgerAsync("DUP-1");
        var duplicatedRow = Assert.Single(ledger, e => e.Kind == LedgerEntryKind.Reserve && e.OrderId == duplicated);
        Assert.Equal(3, duplicatedRow.Quantity);
        Assert.Equal(100 - 3 - 40, await host.AvailableAsync("DUP-1"));
        Assert.Equal(100 - 3 - 40, await host.LedgerAvailableAsync("DUP-1"));
    }
}
