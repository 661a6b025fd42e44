using Microsoft.Extensions.DependencyInjection;
using Vargo.Inventory.Stock;
using Vargo.Testing;

namespace Vargo.Inventory.Tests;

/// <summary>Found by the whole-system fuzz test: concurrent first changes of a new SKU were a 500 (both inserted its row).</summary>
public sealed class StockAdjustmentRaceTests(AllServersFixture fixture)
{
    [Fact]
    public async Task Concurrent_first_adjustments_of_a_new_sku_all_apply()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        var start = new TaskCompletionSource();
        var calls = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.Task;
            return await host.InScopeAsync(sp => sp.GetRequiredService<StockAdjustmentService>()
                .AdjustAsync("NEW-SKU-1", 1, "restock", "test", CancellationToken.None));
        }).ToList();
        start.SetResult();

        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r.IsApplied));
        Assert.Equal(8, await host.LedgerAvailableAsync("NEW-SKU-1"));
        Assert.Equal(8, await host.AvailableAsync("NEW-SKU-1"));
    }
}
