using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vargo.Inventory.Grpc;
using Vargo.Inventory.Stock;
using Vargo.Testing;
using static Vargo.Inventory.Tests.ReservationLifecycleTests;

namespace Vargo.Inventory.Tests;

/// <summary>Redis is a cache of the ledger: losing it, or crashing between the two writes, never oversells or strands units.</summary>
[Collection(RedisWipingCollection.Name)]
public sealed class RecoveryTests(AllServersFixture fixture)
{
    [Fact]
    public async Task After_redis_loses_its_data_the_rebuild_restores_availability_and_open_reservations_from_the_ledger()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("FLUSH-1", 10);
        await host.SetStockAsync("FLUSH-2", 3);
        var open = Guid.NewGuid();
        var sold = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(open, ("FLUSH-1", 4), ("FLUSH-2", 1)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.True((await host.Client.ReserveStockAsync(Reserve(sold, ("FLUSH-1", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = sold.ToString() }, cancellationToken: TestContext.Current.CancellationToken);

        await host.Redis.ExecuteAsync("FLUSHDB");
        // The next call finds no generation and rebuilds from the ledger before answering.
        Assert.Equal(4, await host.AvailableAsync("FLUSH-1"));
        Assert.Equal(2, await host.AvailableAsync("FLUSH-2"));
        Assert.Equal(await host.LedgerAvailableAsync("FLUSH-1"), await host.AvailableAsync("FLUSH-1"));

        // The open reservation survived: releasing it returns its units, a retry of it is still reserved.
        Assert.True((await host.Client.ReserveStockAsync(Reserve(open, ("FLUSH-1", 4), ("FLUSH-2", 1)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.Equal(4, await host.AvailableAsync("FLUSH-1"));
        Assert.True((await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = open.ToString() }, cancellationToken: TestContext.Current.CancellationToken)).Released);
        Assert.Equal(8, await host.AvailableAsync("FLUSH-1"));
        Assert.Equal(3, await host.AvailableAsync("FLUSH-2"));
    }

    [Fact]
    public async Task A_crash_after_the_redis_reservation_and_before_the_ledger_commit_oversells_nothing_after_restart()
    {
        var store = await InventoryTestHost.CreateStoreAsync(fixture.Servers);
        var crashed = Guid.NewGuid();
        await using (var host = await InventoryTestHost.StartAsync(store))
        {
            await host.SetStockAsync("CRASH-1", 3);
            host.Faults.CrashAt = InventoryFaults.AfterRedisReserve;
            var call = host.Client.ReserveStockAsync(Reserve(crashed, ("CRASH-1", 2)), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(StatusCode.Unknown, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode);
            // Redis holds the units, the ledger does not know them: held back, never sold twice.
            Assert.Equal(1, await host.AvailableAsync("CRASH-1"));
            Assert.Equal(3, await host.LedgerAvailableAsync("CRASH-1"));
        }

        await using var restarted = await InventoryTestHost.StartAsync(store);
        Assert.Equal(3, await restarted.AvailableAsync("CRASH-1"));
        var buyers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            restarted.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("CRASH-1", 1))).ResponseAsync));
        Assert.Equal(3, buyers.Count(r => r.Reserved));
        Assert.Equal(0, await restarted.AvailableAsync("CRASH-1"));
        Assert.Equal(0, await restarted.LedgerAvailableAsync("CRASH-1"));
        // The crashed order's retry is a fresh decision, and there is nothing left for it.
        Assert.False((await restarted.Client.ReserveStockAsync(Reserve(crashed, ("CRASH-1", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
    }

    [Fact]
    public async Task A_crash_after_the_ledger_release_and_before_redis_returns_the_units_after_restart()
    {
        var store = await InventoryTestHost.CreateStoreAsync(fixture.Servers);
        var orderId = Guid.NewGuid();
        await using (var host = await InventoryTestHost.StartAsync(store))
        {
            await host.SetStockAsync("CRASH-2", 2);
            Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("CRASH-2", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
            host.Faults.CrashAt = InventoryFaults.AfterLedgerClose;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => host.InScopeAsync(sp =>
                sp.GetRequiredService<ReservationService>().ReleaseAsync(orderId, "test", CancellationToken.None)));
            Assert.Equal(0, await host.AvailableAsync("CRASH-2"));
            Assert.Equal(2, await host.LedgerAvailableAsync("CRASH-2"));
        }

        await using var restarted = await InventoryTestHost.StartAsync(store);
        Assert.Equal(2, await restarted.AvailableAsync("CRASH-2"));
        var release = await restarted.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ReleaseStatus.Released, release.Status);
        Assert.Equal(2, await restarted.AvailableAsync("CRASH-2"));
    }

    [Fact]
    public async Task A_reserve_retry_after_a_commit_whose_redis_step_crashed_keeps_the_units_sold()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("CRASH-3", 5);
        var orderId = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("CRASH-3", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        host.Faults.CrashAt = InventoryFaults.AfterLedgerClose;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => host.InScopeAsync(sp =>
            sp.GetRequiredService<ReservationService>().CommitAsync(orderId, "test", CancellationToken.None)));
        host.Faults.CrashAt = null;

        // Redis still has the reservation open; the ledger has sold it. A late retry of the reservation must not free the units.
        var retry = await host.Client.ReserveStockAsync(Reserve(orderId, ("CRASH-3", 2)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(retry.Reserved);
        Assert.Equal(ReservationStatus.Committed, retry.Status);
        Assert.Equal(3, await host.AvailableAsync("CRASH-3"));
        Assert.Equal(3, await host.LedgerAvailableAsync("CRASH-3"));
        var buyers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            host.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("CRASH-3", 1))).ResponseAsync));
        Assert.Equal(3, buyers.Count(r => r.Reserved));
    }

    [Fact]
    public async Task The_periodic_pass_keeps_a_generation_that_matches_the_ledger_and_rebuilds_one_that_drifted()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        var reconciler = host.Services.GetRequiredService<StockReconciler>();
        var redis = host.Services.GetRequiredService<RedisStockStore>();
        await host.SetStockAsync("DRIFT-1", 5);
        var open = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(open, ("DRIFT-1", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        var matching = await redis.ReadEpochAsync();

        await reconciler.ReconcileAsync(CancellationToken.None);
        Assert.Equal(matching, await redis.ReadEpochAsync());
        Assert.Equal(3, await host.AvailableAsync("DRIFT-1"));

        // A crash between the writes leaves a hold the ledger does not know: Redis now differs from the ledger.
        host.Faults.CrashAt = InventoryFaults.AfterRedisReserve;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => host.InScopeAsync(sp =>
            sp.GetRequiredService<ReservationService>().ReserveAsync(Guid.NewGuid(), [new("DRIFT-1", 1)], null, "test", CancellationToken.None)));
        host.Faults.CrashAt = null;
        Assert.Equal(2, await host.AvailableAsync("DRIFT-1"));

        await reconciler.ReconcileAsync(CancellationToken.None);
        Assert.NotEqual(matching, await redis.ReadEpochAsync());
        Assert.Equal(3, await host.AvailableAsync("DRIFT-1"));
        Assert.True((await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = open.ToString() }, cancellationToken: TestContext.Current.CancellationToken)).Released);
        Assert.Equal(5, await host.AvailableAsync("DRIFT-1"));
    }

    [Fact]
    public async Task A_periodic_rebuild_under_load_keeps_counters_equal_to_the_ledger()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("LOAD-1", 200);
        var reconciler = host.Services.GetRequiredService<StockReconciler>();

        // Five rebuilds while reservations are in flight (in production: one a minute), each after another 50 answers,
        // so they interleave with the load by its progress, not by a clock.
        using var stop = new CancellationTokenSource();
        using var rebuildDue = new SemaphoreSlim(0);
        var answered = 0;
        var rebuilds = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 5; i++)
                {
                    await rebuildDue.WaitAsync(stop.Token);
                    await reconciler.RebuildAsync(onlyIfMissing: false, CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }, TestContext.Current.CancellationToken);
        var replies = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
        {
            var request = Reserve(Guid.NewGuid(), ("LOAD-1", 1));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var reply = await host.Client.ReserveStockAsync(request);
                    if (Interlocked.Increment(ref answered) % 50 == 0)
                    {
                        rebuildDue.Release();
                    }
                    return reply;
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable && attempt < 50)
                {
                    // What Orders does: retry the same order id (a rebuild raced every attempt of this call).
                }
            }
        }));
        stop.Cancel();
        await rebuilds;

        Assert.Equal(200, replies.Count(r => r.Reserved));
        Assert.Equal(0, await host.AvailableAsync("LOAD-1"));
        Assert.Equal(0, await host.LedgerAvailableAsync("LOAD-1"));
    }
}
