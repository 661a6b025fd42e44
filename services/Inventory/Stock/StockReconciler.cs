using Microsoft.EntityFrameworkCore;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Rebuilds Redis from the ledger alone: per SKU, available = (restocks + adjustments + returns − commits) − (reserves −
/// commits − releases − expiries), and one Redis reservation per order whose reserve rows have no terminal row.
/// Runs at start-up, periodically, and whenever Redis has lost its data (no epoch key). Whatever Redis held that
/// the ledger does not (a reservation whose ledger transaction never committed) disappears; whatever the ledger
/// holds that Redis missed (a commit/release/expiry whose Redis step never ran) is applied.
/// </summary>
public sealed class StockReconciler(
    IServiceScopeFactory scopes, RedisStockStore store, InventoryMetrics metrics, TimeProvider time, ILogger<StockReconciler> logger)
{
    private readonly SemaphoreSlim _rebuilding = new(1, 1);
    private volatile string? _epoch;

    /// <summary>The current Redis generation, rebuilding first when Redis has none (fresh or flushed).</summary>
    public async Task<string> CurrentEpochAsync(CancellationToken cancellationToken) =>
        _epoch ?? await RefreshEpochAsync(cancellationToken);

    /// <summary>Called when a script answered STALE: another generation is current, or Redis lost its data.</summary>
    public async Task<string> RefreshEpochAsync(CancellationToken cancellationToken)
    {
        var epoch = await store.ReadEpochAsync();
        if (epoch is not null)
        {
            return _epoch = epoch;
        }
        await RebuildAsync(onlyIfMissing: true, cancellationToken);
        return _epoch ?? throw new InvalidOperationException("Redis has no stock generation after a rebuild.");
    }

    public Task RebuildAsync(bool onlyIfMissing, CancellationToken cancellationToken) =>
        RebuildAsync(onlyIfMissing, onlyIfDrifted: false, cancellationToken);

    /// <summary>
    /// The periodic pass: compares every counter in Redis with the ledger (under the exclusive lock) and rebuilds only
    /// when one differs. A hold the ledger does not know (a crash between the writes) or a release, expiry or return whose
    /// Redis step never ran shows as a difference; a commit whose Redis step never ran does not (the units are gone either
    /// way), and its open Redis record is settled by the order's next call (ReservationService applies the ledger state).
    /// Under load, reservations between their two writes also differ, so a busy service still rebuilds every pass.
    /// </summary>
    public Task ReconcileAsync(CancellationToken cancellationToken) =>
        RebuildAsync(onlyIfMissing: false, onlyIfDrifted: true, cancellationToken);

    private async Task RebuildAsync(bool onlyIfMissing, bool onlyIfDrifted, CancellationToken cancellationToken)
    {
        await _rebuilding.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LedgerLock.EnterExclusiveAsync(db, cancellationToken);

            if (onlyIfMissing && await store.ReadEpochAsync() is { } existing)
            {
                _epoch = existing;
                return;
            }

            var started = time.GetTimestamp();
            var balances = await db.Database.SqlQuery<SkuBalance>($"""
                SELECT "Sku",
                       COALESCE(SUM(CASE WHEN "Kind" IN ('Restock', 'Adjust', 'Return') THEN "Quantity"
                                         WHEN "Kind" = 'Commit' THEN -"Quantity" ELSE 0 END), 0)::int AS "OnHand",
                       COALESCE(SUM(CASE WHEN "Kind" = 'Reserve' THEN "Quantity"
                                         WHEN "Kind" IN ('Commit', 'Release', 'Expire') THEN -"Quantity" ELSE 0 END), 0)::int AS "Reserved"
                FROM ledger GROUP BY "Sku"
                """).ToListAsync(cancellationToken);

            var openLines = await db.Database.SqlQuery<OpenLine>($"""
                SELECT l."OrderId" AS "OrderId", l."Sku", l."Quantity", r."ExpiresAt"
                FROM ledger l JOIN reservations r ON r."OrderId" = l."OrderId"
                WHERE l."Kind" = 'Reserve' AND NOT EXISTS (
                    SELECT 1 FROM ledger t WHERE t."OrderId" = l."OrderId" AND t."Kind" IN ('Commit', 'Release', 'Expire'))
                """).ToListAsync(cancellationToken);

            var available = balances.Select(b => new StockQuantity(b.Sku, b.OnHand - b.Reserved)).ToList();
            var reservations = openLines
                .GroupBy(line => line.OrderId)
                .Select(order => new OpenReservation(
                    order.Key, order.First().ExpiresAt, [.. order.Select(line => new StockQuantity(line.Sku, line.Quantity))]))
                .ToList();

            if (onlyIfDrifted && await store.ReadEpochAsync() is { } current && await MatchesAsync(current, available))
            {
                _epoch = current;
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            _epoch = await store.PublishGenerationAsync(available, reservations, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            metrics.Rebuilt(onlyIfMissing ? "missing" : onlyIfDrifted ? "drift" : "full", time.GetElapsedTime(started));

            logger.LogInformation(
                "Rebuilt Redis stock generation {Epoch} from the ledger: {Skus} SKUs, {Reservations} open reservations in {Elapsed} ms",
                _epoch, available.Count, reservations.Count, (int)time.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            _rebuilding.Release();
        }
    }

    private async Task<bool> MatchesAsync(string epoch, IReadOnlyList<StockQuantity> available)
    {
        foreach (var chunk in available.Chunk(1000))
        {
            var counters = await store.GetAvailableAsync(epoch, [.. chunk.Select(item => item.Sku)]);
            if (counters is null || chunk.Where((item, i) => counters[i] != item.Quantity).Any())
            {
                return false;
            }
        }
        return true;
    }

    private sealed record SkuBalance(string Sku, int OnHand, int Reserved);

    private sealed record OpenLine(Guid OrderId, string Sku, int Quantity, DateTimeOffset ExpiresAt);
}
