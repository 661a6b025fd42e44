using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.DemoData;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// First start only (empty ledger), when <see cref="InventoryOptions.SeedDemoStock"/> is on: one restock row per demo SKU
/// with <see cref="DemoStock.InitialQuantity"/>, actor "seed". SKUs seeded at 0 get a row too, so they are known (sold
/// out) rather than unknown. Runs at start-up once the schema is current (<c>AddMigration&lt;InventoryDbContext, DemoStockSeeder&gt;</c>).
/// </summary>
public sealed class DemoStockSeeder(TimeProvider time, IOptions<InventoryOptions> options, ILogger<DemoStockSeeder> logger)
    : IDbSeeder<InventoryDbContext>
{
    public Task SeedAsync(InventoryDbContext db, CancellationToken cancellationToken) =>
        options.Value.SeedDemoStock ? SeedAsync(db, DemoCatalog.Create().AllSkus, cancellationToken) : Task.CompletedTask;

    private async Task SeedAsync(InventoryDbContext db, IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Replicas starting together: the first one seeds, the others find the ledger filled once they get the lock.
        await LedgerLock.EnterExclusiveAsync(db, cancellationToken);
        if (await db.Ledger.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var sku in skus.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var quantity = DemoStock.InitialQuantity(sku);
            db.StockItems.Add(new StockItem { Sku = sku, OnHand = quantity, LowStockThreshold = options.Value.DefaultLowStockThreshold, UpdatedAt = now });
            db.Ledger.Add(new LedgerEntry { Sku = sku, Kind = LedgerEntryKind.Restock, Quantity = quantity, Actor = "seed", Reason = "initial demo stock", OccurredAt = now });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded initial stock for {Count} demo SKUs", skus.Count);
    }
}
