using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.DemoData;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// First start only (empty ledger): one restock row per demo SKU with <see cref="DemoStock.InitialQuantity"/>, actor
/// "seed". SKUs seeded at 0 get a row too, so they are known (sold out) rather than unknown.
/// </summary>
public sealed class DemoStockSeeder(InventoryDbContext db, TimeProvider time, IOptions<InventoryOptions> options, ILogger<DemoStockSeeder> logger)
{
    public async Task SeedAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
