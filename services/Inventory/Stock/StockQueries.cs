using Microsoft.EntityFrameworkCore;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>Reads: availability from Redis (the hot counters), ledger and low-stock list from PostgreSQL.</summary>
public sealed class StockQueries(InventoryDbContext db, RedisStockStore store, StockReconciler reconciler)
{
    public const int MaxSkusPerQuery = 200;

    public static bool IsValidSku(string? sku) => !string.IsNullOrWhiteSpace(sku) && sku.Length <= 64;

    public async Task<IReadOnlyList<SkuAvailabilityView>> GetAvailabilityAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        if (skus.Count == 0)
        {
            return [];
        }
        var epoch = await reconciler.CurrentEpochAsync(cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.GetAvailableAsync(epoch, skus) is { } values)
            {
                return [.. skus.Select((sku, i) => new SkuAvailabilityView(sku, Math.Max(0, values[i] ?? 0), values[i] is not null))];
            }
            epoch = await reconciler.RefreshEpochAsync(cancellationToken);
        }
        throw new StockUnavailableException("Redis changed generation during every attempt.");
    }

    public async Task<IReadOnlyList<LedgerEntryView>?> GetLedgerAsync(string sku, int limit, CancellationToken cancellationToken)
    {
        if (!await db.StockItems.AnyAsync(s => s.Sku == sku, cancellationToken))
        {
            return null;
        }
        return await db.Ledger.AsNoTracking()
            .Where(e => e.Sku == sku)
            .OrderByDescending(e => e.Id)
            .Take(limit)
            .Select(e => new LedgerEntryView(e.Id, e.Kind.ToString().ToLowerInvariant(), e.Quantity, e.OrderId, e.Actor, e.Reason, e.OccurredAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LowStockItem>> GetLowStockAsync(int limit, CancellationToken cancellationToken)
    {
        var items = await db.StockItems.AsNoTracking().OrderBy(s => s.Sku).ToListAsync(cancellationToken);
        var available = new List<SkuAvailabilityView>(items.Count);
        foreach (var chunk in items.Chunk(MaxSkusPerQuery))
        {
            available.AddRange(await GetAvailabilityAsync([.. chunk.Select(i => i.Sku)], cancellationToken));
        }
        return [.. items.Zip(available)
            .Where(pair => pair.Second.Available <= pair.First.LowStockThreshold)
            .OrderBy(pair => pair.Second.Available).ThenBy(pair => pair.First.Sku, StringComparer.Ordinal)
            .Take(limit)
            .Select(pair => new LowStockItem(pair.First.Sku, pair.First.OnHand, pair.Second.Available, pair.First.LowStockThreshold))];
    }
}

public sealed record SkuAvailabilityView(string Sku, int Available, bool Known);

public sealed record LedgerEntryView(long Id, string Kind, int Quantity, Guid? OrderId, string Actor, string? Reason, DateTimeOffset OccurredAt);

public sealed record LowStockItem(string Sku, int OnHand, int Available, int LowStockThreshold);
