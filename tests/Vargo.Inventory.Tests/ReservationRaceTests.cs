using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Inventory.Data;
using Vargo.Inventory.Grpc;
using Vargo.Testing;

namespace Vargo.Inventory.Tests;

/// <summary>Many buyers, few units: exactly as many win as there are units, and no order is ever half reserved.</summary>
public sealed class ReservationRaceTests(AllServersFixture fixture)
{
    [Fact]
    public async Task Concurrent_commits_of_orders_sharing_skus_in_opposite_orders_all_commit()
    {
        // Each commit lowers on-hand for every SKU of its order in one transaction; orders listing the same SKUs in
        // opposite orders, committed together, must wait for each other, never deadlock (a deadlock fails a commit).
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        string[] skus = ["LOCK-A", "LOCK-B", "LOCK-C"];
        foreach (var sku in skus)
        {
            await host.SetStockAsync(sku, 1000);
        }
        var orders = Enumerable.Range(0, 90).Select(i => (OrderId: Guid.NewGuid(), Skus: i % 2 == 0 ? skus : skus.Reverse().ToArray())).ToList();
        // Reserved together, so the group commit writes many orders' ledger rows in one statement (in whatever order
        // its join yields them): the commits below read each order's lines back in that order.
        var reserved = await Task.WhenAll(orders.Select(order => host.Client.ReserveStockAsync(new ReserveStockRequest
        {
            OrderId = order.OrderId.ToString(),
            Lines = { order.Skus.Select(sku => new StockLine { Sku = sku, Quantity = 1 }) },
        }).ResponseAsync));
        Assert.All(reserved, reply => Assert.True(reply.Reserved));

        var start = new TaskCompletionSource();
        var commits = orders.Select(async order =>
        {
            await start.Task;
            return await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = order.OrderId.ToString() });
        }).ToList();
        start.SetResult();
        var replies = await Task.WhenAll(commits);

        Assert.All(replies, reply => Assert.Equal(CommitStatus.Committed, reply.Status));
        var onHand = await host.InScopeAsync(sp => sp.GetRequiredService<InventoryDbContext>().StockItems.AsNoTracking()
            .Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, s => s.OnHand, TestContext.Current.CancellationToken));
        Assert.All(skus, sku => Assert.Equal(1000 - orders.Count, onHand[sku]));
    }

    [Fact]
    public async Task Thousand_buyers_for_ten_units_exactly_ten_get_one()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("RACE-1", 10);

        var orders = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        var start = new TaskCompletionSource();
        var calls = orders.Select(async orderId =>
        {
            await start.Task;
            return await host.Client.ReserveStockAsync(new ReserveStockRequest
            {
                OrderId = orderId.ToString(),
                Lines = { new StockLine { Sku = "RACE-1", Quantity = 1 } },
            });
        }).ToList();
        start.SetResult();
        var replies = await Task.WhenAll(calls);

        Assert.Equal(10, replies.Count(r => r.Reserved));
        var losers = replies.Where(r => !r.Reserved).ToList();
        Assert.Equal(990, losers.Count);
        Assert.All(losers, r =>
        {
            Assert.Equal(ReservationStatus.InsufficientStock, r.Status);
            var shortfall = Assert.Single(r.Shortfalls);
            Assert.Equal("RACE-1", shortfall.Sku);
            Assert.Equal(1, shortfall.Requested);
            Assert.Equal(0, shortfall.Available);
        });

        Assert.Equal(0, await host.AvailableAsync("RACE-1"));
        var ledger = await host.LedgerAsync("RACE-1");
        var reserveRows = ledger.Where(e => e.Kind == LedgerEntryKind.Reserve).ToList();
        Assert.Equal(10, reserveRows.Sum(e => e.Quantity));
        Assert.Equal(10, reserveRows.Select(e => e.OrderId).Distinct().Count());
        Assert.Equal(0, await host.LedgerAvailableAsync("RACE-1"));
    }

    [Fact]
    public async Task Concurrent_multi_line_orders_over_shared_skus_are_all_or_nothing_and_never_below_zero()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        string[] skus = ["MIX-A", "MIX-B", "MIX-C", "MIX-D"];
        foreach (var sku in skus)
        {
            await host.SetStockAsync(sku, 25);
        }

        var random = new Random(6);
        var orders = Enumerable.Range(0, 400).Select(_ =>
        {
            var lines = skus.OrderBy(_ => random.Next()).Take(random.Next(2, 4))
                .Select(sku => new StockLine { Sku = sku, Quantity = random.Next(1, 4) }).ToList();
            return (OrderId: Guid.NewGuid(), Lines: lines);
        }).ToList();

        var start = new TaskCompletionSource();
        var calls = orders.Select(async order =>
        {
            await start.Task;
            var reply = await host.Client.ReserveStockAsync(new ReserveStockRequest { OrderId = order.OrderId.ToString(), Lines = { order.Lines } });
            return (order, reply);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(calls);

        var ledger = await host.LedgerAsync();
        var reservedByOrder = ledger.Where(e => e.Kind == LedgerEntryKind.Reserve).ToLookup(e => e.OrderId!.Value);
        foreach (var (order, reply) in results)
        {
            var rows = reservedByOrder[order.OrderId].ToDictionary(e => e.Sku, e => e.Quantity);
            if (reply.Reserved)
            {
                Assert.Equal(order.Lines.ToDictionary(l => l.Sku, l => l.Quantity), rows);
            }
            else
            {
                Assert.Empty(rows);
                Assert.NotEmpty(reply.Shortfalls);
            }
        }

        Assert.Contains(results, r => r.reply.Reserved);
        Assert.Contains(results, r => !r.reply.Reserved);
        foreach (var sku in skus)
        {
            var reserved = results.Where(r => r.reply.Reserved).SelectMany(r => r.order.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity);
            Assert.InRange(reserved, 0, 25);
            var available = await host.AvailableAsync(sku);
            Assert.Equal(25 - reserved, available);
            Assert.Equal(available, await host.LedgerAvailableAsync(sku));
        }
    }

    [Fact]
    public async Task Unknown_sku_rejects_the_whole_order()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("KNOWN-1", 5);

        var reply = await host.Client.ReserveStockAsync(new ReserveStockRequest
        {
            OrderId = Guid.NewGuid().ToString(),
            Lines = { new StockLine { Sku = "KNOWN-1", Quantity = 1 }, new StockLine { Sku = "NOPE-1", Quantity = 1 } },
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(reply.Reserved);
        Assert.Equal(ReservationStatus.UnknownSku, reply.Status);
        Assert.Equal("NOPE-1", Assert.Single(reply.Shortfalls).Sku);
        Assert.Equal(5, await host.AvailableAsync("KNOWN-1"));
    }

    [Fact]
    public async Task Bad_requests_are_invalid_argument()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));

        var notAGuid = await Assert.ThrowsAsync<RpcException>(() => host.Client.ReserveStockAsync(new ReserveStockRequest
        {
            OrderId = "order-1",
            Lines = { new StockLine { Sku = "A", Quantity = 1 } },
        }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var zeroQuantity = await Assert.ThrowsAsync<RpcException>(() => host.Client.ReserveStockAsync(new ReserveStockRequest
        {
            OrderId = Guid.NewGuid().ToString(),
            Lines = { new StockLine { Sku = "A", Quantity = 0 } },
        }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, notAGuid.StatusCode);
        Assert.Contains("order_id", notAGuid.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, zeroQuantity.StatusCode);
        Assert.Contains("quantity", zeroQuantity.Status.Detail);
    }
}
