using Microsoft.EntityFrameworkCore;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Restocks, corrections and seeding: changes of on-hand units, each a ledger row with its reason and actor.
/// An increase is written to the ledger first and then to Redis (a crash in between holds units back until the next
/// rebuild); a decrease is decided in Redis first (it must not take away reserved units) and committed to the ledger
/// only if Redis is still on the same generation, like a reservation.
/// </summary>
public sealed class StockAdjustmentService(
    InventoryDbContext db, RedisStockStore store, StockReconciler reconciler, TimeProvider time, Microsoft.Extensions.Options.IOptions<InventoryOptions> options)
{
    public async Task<AdjustResult> AdjustAsync(string sku, int delta, string reason, string actor, CancellationToken cancellationToken) =>
        await ChangeAsync(sku, _ => delta, LedgerEntryKind.Adjust, reason, actor, cancellationToken);

    /// <summary>Sets on-hand units to <paramref name="onHand"/> (an adjust row with the difference).</summary>
    public async Task<AdjustResult> SetAsync(string sku, int onHand, string reason, string actor, CancellationToken cancellationToken) =>
        await ChangeAsync(sku, current => onHand - current, LedgerEntryKind.Adjust, reason, actor, cancellationToken);

    private async Task<AdjustResult> ChangeAsync(
        string sku, Func<int, int> deltaFrom, LedgerEntryKind kind, string reason, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var epoch = attempt == 0
                ? await reconciler.CurrentEpochAsync(cancellationToken)
                : await reconciler.RefreshEpochAsync(cancellationToken);
            var now = time.GetUtcNow();
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LedgerLock.EnterSharedAsync(db, cancellationToken);
            if (await store.ReadEpochAsync() != epoch)
            {
                continue;
            }

            var item = await db.StockItems
                .FromSql($"""SELECT * FROM stock_items WHERE "Sku" = {sku} FOR UPDATE""")
                .SingleOrDefaultAsync(cancellationToken);
            var isNew = item is null;
            if (item is null)
            {
                item = new StockItem { Sku = sku, LowStockThreshold = options.Value.DefaultLowStockThreshold, UpdatedAt = now };
                db.StockItems.Add(item);
            }

            var delta = deltaFrom(item.OnHand);
            if (item.OnHand + delta < 0)
            {
                return AdjustResult.Refused(item.OnHand, "onHand cannot go below zero.");
            }

            var appliedInRedis = false;
            if (delta < 0)
            {
                switch (await store.AdjustAsync(epoch, sku, delta))
                {
                    case null:
                        continue;
                    case { Applied: false } refused:
                        return AdjustResult.Refused(item.OnHand, $"only {refused.Available} units are not reserved.");
                }
                appliedInRedis = true;
            }

            item.OnHand += delta;
            item.UpdatedAt = now;
            db.Ledger.Add(new LedgerEntry { Sku = sku, Kind = kind, Quantity = delta, Actor = actor, Reason = reason, OccurredAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (isNew && ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // Two first changes of a new SKU raced to create its row (nothing to lock yet); the loser retries and
                // now finds the row, locks it and applies its change on top. Nothing reached Redis: an increase is
                // applied there only after the commit, and a decrease of a new SKU is refused above.
                continue;
            }
            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch when (appliedInRedis)
            {
                await store.AdjustAsync(epoch, sku, -delta);
                throw;
            }

            if (!appliedInRedis)
            {
                // The generation read under the lock is the only one that can lack this row.
                await store.AdjustAsync(epoch, sku, delta);
            }
            return AdjustResult.Done(item.OnHand, delta);
        }
        throw new StockUnavailableException("Redis changed generation during every attempt.");
    }
}

public sealed record AdjustResult(bool IsApplied, int OnHand, int Delta, string? Problem)
{
    public static AdjustResult Done(int onHand, int delta) => new(true, onHand, delta, null);

    public static AdjustResult Refused(int onHand, string problem) => new(false, onHand, 0, problem);
}
