using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Microsoft.Extensions.Options;
using Vargo.Inventory.Data;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Reserve, commit, release and expire, following the write protocol in README.md:
/// a reservation is decided in Redis (one Lua script, atomic across lines) and then written to the ledger in a
/// transaction that commits only if Redis is still on the same generation; a commit, release or expiry is written
/// to the ledger first and then applied in Redis. Every partial state that a crash can leave behind is one that
/// holds back units (never one that frees them), and the next rebuild from the ledger settles it.
/// </summary>
public sealed class ReservationService(
    InventoryDbContext db,
    RedisStockStore store,
    StockReconciler reconciler,
    ReservationLedgerWriter ledgerWriter,
    InventoryMetrics metrics,
    IOptions<InventoryOptions> options,
    IFaultInjector faults,
    ICheckoutOutcomes checkoutOutcomes,
    TimeProvider time,
    ILogger<ReservationService> logger)
{
    private const int Attempts = 4;

    public async Task<ReserveResult> ReserveAsync(
        Guid orderId, IReadOnlyList<StockQuantity> lines, TimeSpan? ttl, string actor, CancellationToken cancellationToken)
    {
        var merged = lines
            .GroupBy(line => line.Sku, StringComparer.Ordinal)
            .Select(group => new StockQuantity(group.Key, group.Sum(line => line.Quantity)))
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .ToList();
        var now = time.GetUtcNow();
        var hold = ttl is { } requested && requested > TimeSpan.Zero ? requested : options.Value.DefaultReservationTtl;
        if (hold > options.Value.MaxReservationTtl)
        {
            hold = options.Value.MaxReservationTtl;
        }
        var expiresAt = now + hold;

        var epoch = await reconciler.CurrentEpochAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var decision = await store.ReserveAsync(epoch, orderId, merged, expiresAt);
            switch (decision.Outcome)
            {
                case RedisReserveOutcome.Stale when attempt < Attempts:
                    epoch = await reconciler.RefreshEpochAsync(cancellationToken);
                    continue;
                case RedisReserveOutcome.Stale:
                    throw new StockUnavailableException("Redis changed generation during every attempt.");
                case RedisReserveOutcome.Short:
                    // Counted here, where Redis decided; a repeated call for a decided order (Exists) is not a new decision.
                    var rejected = ReserveResult.Rejected(decision.Shortfalls);
                    metrics.Refused(rejected.Status);
                    return rejected;
                case RedisReserveOutcome.Exists when decision.State == 'X':
                    return ReserveResult.Rejected(decision.Shortfalls);
                case RedisReserveOutcome.Exists when decision.State is 'C' or 'L' or 'E' or 'T':
                    return ReserveResult.Closed(StateOf(decision.State.Value));
            }

            // Reserved in Redis now (or by an earlier attempt whose ledger write may not have committed):
            // make the ledger say so, idempotently.
            // Group commit: the reservation row and ledger rows go into the next batch transaction, which commits only
            // if Redis is still on this generation; the answer comes after that commit.
            var recorded = await ledgerWriter.RecordAsync(epoch, orderId, merged, now,
                DateTimeOffset.FromUnixTimeMilliseconds(decision.ExpiresAtUnixMs), actor,
                heldByThisCall: decision.Outcome == RedisReserveOutcome.Reserved, cancellationToken);
            switch (recorded)
            {
                case null when attempt < Attempts:
                    // Redis was rebuilt while we wrote: the units we held there are gone with the old generation.
                    epoch = await reconciler.RefreshEpochAsync(cancellationToken);
                    continue;
                case null:
                    throw new StockUnavailableException("Redis changed generation during every attempt.");
                case { State: ReservationState.Reserved } reservation:
                    if (decision.Outcome == RedisReserveOutcome.Reserved)
                    {
                        metrics.Granted();
                    }
                    return ReserveResult.Held(reservation.ExpiresAt);
                case var reservation when decision.Outcome == RedisReserveOutcome.Reserved:
                    // The order was closed long ago and Redis forgot it (rebuilt): undo the hold we just took.
                    await store.CloseAsync(epoch, orderId, 'V');
                    return ReserveResult.Closed(reservation.State);
                case var reservation:
                    // Redis still holds the original reservation: the ledger closed it but its Redis step has not run
                    // (crashed or still in flight). Apply the ledger's state; voiding it would free sold units.
                    await store.CloseAsync(epoch, orderId, reservation.State switch
                    {
                        ReservationState.Released => 'L',
                        ReservationState.Expired => 'E',
                        // Returned units come back only through the return's own step or a rebuild: hold them until then.
                        _ => 'C',
                    });
                    return ReserveResult.Closed(reservation.State);
            }
        }
    }

    public Task<CloseResult> CommitAsync(Guid orderId, string actor, CancellationToken cancellationToken) =>
        CloseAsync(orderId, ReservationState.Committed, actor, dueBy: null, cancellationToken);

    public Task<CloseResult> ReleaseAsync(Guid orderId, string actor, CancellationToken cancellationToken) =>
        CloseAsync(orderId, ReservationState.Released, actor, dueBy: null, cancellationToken);

    /// <summary>
    /// The order was cancelled: an open reservation is released; a committed one (the order was cancelled after the
    /// sale) has its units put back on stock, once. Idempotent by order id.
    /// </summary>
    public async Task<CloseResult> CancelOrderAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        var released = await ReleaseAsync(orderId, actor, cancellationToken);
        return released.State is ReservationState.Committed or ReservationState.Returned
            ? await ReturnAsync(orderId, actor, cancellationToken)
            : released;
    }

    /// <summary>
    /// Committed → returned: one <see cref="LedgerEntryKind.Return"/> row per line and on-hand back up, in one
    /// transaction whose reservation-row transition makes it happen once; then Redis, on the generation read under the
    /// lock (a stock increase: ledger first). A repeat changes nothing, in Redis neither: a newer generation was built
    /// from a ledger that already has the return, and a crash before the Redis step holds the units back until the next
    /// rebuild (never frees units twice).
    /// </summary>
    public async Task<CloseResult> ReturnAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.ChangeTracker.Clear();
        // No savepoint around SaveChanges (two round trips each): a failed save ends the call and rolls back.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LedgerLock.EnterSharedAsync(db, cancellationToken);
        var epoch = await store.ReadEpochAsync();

        var won = await db.Database.ExecuteSqlAsync($"""
            UPDATE reservations SET "State" = 'Returned', "ClosedAt" = {now}
            WHERE "OrderId" = {orderId} AND "State" = 'Committed'
            """, cancellationToken);
        if (won == 0)
        {
            var state = await db.Reservations.AsNoTracking()
                .Where(r => r.OrderId == orderId).Select(r => (ReservationState?)r.State).SingleOrDefaultAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return state switch
            {
                null => CloseResult.NotFound,
                ReservationState.Returned => CloseResult.Applied,
                var other => CloseResult.AlreadyClosed(other.Value),
            };
        }

        var lines = await ReservedLinesAsync(orderId, cancellationToken);
        AddLedgerRows(lines, LedgerEntryKind.Return, orderId, actor, now);
        await db.SaveChangesAsync(cancellationToken);
        // Last before the commit, as in CloseAsync: the stock rows stay locked for as short a time as possible.
        await AdjustOnHandAsync(InLockOrder(lines), +1, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await faults.AtAsync(InventoryFaults.AfterLedgerClose, cancellationToken);
        if (epoch is not null)
        {
            try
            {
                await store.ReturnAsync(epoch, orderId, lines);
            }
            catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Could not apply the return of order {OrderId} to Redis", orderId);
            }
        }
        return CloseResult.Applied;
    }

    /// <summary>
    /// An order's on-hand changes, one per SKU, in one global order (ordinal by SKU). Every transaction that changes
    /// several stock rows takes their row locks in this order, so two orders sharing SKUs wait for each other instead
    /// of deadlocking (in the ledger's arbitrary order, concurrent commits of [A, B] and [B, A] deadlocked: PostgreSQL
    /// broke each cycle only after deadlock_timeout, 1 s, and failed one of the commits).
    /// </summary>
    private static IEnumerable<StockQuantity> InLockOrder(IEnumerable<StockQuantity> lines) =>
        lines.GroupBy(l => l.Sku, StringComparer.Ordinal)
            .Select(g => new StockQuantity(g.Key, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.Sku, StringComparer.Ordinal);

    /// <summary>
    /// Moves on-hand by <paramref name="sign"/> × each line's quantity, in the current transaction: one UPDATE per SKU,
    /// sent as one batch (one round trip). PostgreSQL runs a batch's statements one after the other, so the rows are
    /// still locked in <paramref name="linesInLockOrder"/>'s order (no deadlock between orders sharing SKUs), and a
    /// popular SKU's row no longer stays locked across a round trip per further line.
    /// </summary>
    private async Task AdjustOnHandAsync(IEnumerable<StockQuantity> linesInLockOrder, int sign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var line in linesInLockOrder)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""UPDATE stock_items SET "OnHand" = "OnHand" + $1, "UpdatedAt" = $2 WHERE "Sku" = $3""")
            {
                Parameters = { new() { Value = sign * line.Quantity }, new() { Value = now }, new() { Value = line.Sku } }
            });
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>One ledger row per line of the order, all of one kind.</summary>
    private void AddLedgerRows(IEnumerable<StockQuantity> lines, LedgerEntryKind kind, Guid orderId, string actor, DateTimeOffset now) =>
        db.Ledger.AddRange(lines.Select(line => new LedgerEntry
        {
            Sku = line.Sku,
            Kind = kind,
            Quantity = line.Quantity,
            OrderId = orderId,
            Actor = actor,
            OccurredAt = now,
        }));

    private Task<List<StockQuantity>> ReservedLinesAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Ledger.AsNoTracking()
            .Where(e => e.OrderId == orderId && e.Kind == LedgerEntryKind.Reserve)
            .Select(e => new StockQuantity(e.Sku, e.Quantity))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Releases every reservation past its expiry whose checkout did not sell it; returns how many expired. Orders is
    /// asked first (<see cref="ICheckoutOutcomes"/>): the checkout's commit is the OrderPlaced event, which may arrive
    /// long after the TTL (the broker or this consumer down), so a Placed order's reservation is committed here instead
    /// of released, and an open checkout's is held until Orders ends it (its recovery releases or places it). When Orders
    /// cannot answer, nothing expires this round: holding units a little longer is safe, selling a sold unit again is not.
    /// </summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Reservations.AsNoTracking()
            .Where(r => r.State == ReservationState.Reserved && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => r.OrderId)
            .Take(200)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            metrics.Expired(0);
            return 0;
        }

        IReadOnlyDictionary<Guid, CheckoutState> checkouts;
        try
        {
            checkouts = await checkoutOutcomes.GetAsync(due, cancellationToken);
        }
        catch (global::Grpc.Core.RpcException exception)
        {
            logger.LogWarning(exception, "Orders cannot say what became of {Count} due reservations; none expires until it can", due.Count);
            return 0;
        }

        var expired = 0;
        foreach (var orderId in due)
        {
            switch (checkouts.GetValueOrDefault(orderId))
            {
                case CheckoutState.Placed:
                    // The OrderPlaced event is late: commit now; the event's own commit then finds it done.
                    await CloseAsync(orderId, ReservationState.Committed, "expiry-order-placed", dueBy: null, cancellationToken);
                    break;
                case CheckoutState.Open:
                    break;
                default:
                    if (await CloseAsync(orderId, ReservationState.Expired, "expiry", now, cancellationToken) == CloseResult.Applied)
                    {
                        expired++;
                    }
                    break;
            }
        }
        metrics.Expired(expired);
        return expired;
    }

    /// <summary>
    /// Moves a reservation to its one terminal state: the ledger first (the reservation row's state is the arbiter
    /// between commit, release and expiry), Redis after. A repeated call re-applies the terminal state to Redis,
    /// which repairs a Redis step that a crash skipped.
    /// </summary>
    private async Task<CloseResult> CloseAsync(
        Guid orderId, ReservationState target, string actor, DateTimeOffset? dueBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.ChangeTracker.Clear();
        // No savepoint around SaveChanges (two round trips each): a failed save ends the call and rolls back.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LedgerLock.EnterSharedAsync(db, cancellationToken);
        // Read under the lock: no rebuild can start before this transaction ends, so a newer generation includes it.
        var epoch = await store.ReadEpochAsync();

        var due = dueBy ?? DateTimeOffset.MaxValue;
        var targetName = target.ToString();
        var won = await db.Database.ExecuteSqlAsync($"""
            UPDATE reservations SET "State" = {targetName}, "ClosedAt" = {now}
            WHERE "OrderId" = {orderId} AND "State" = 'Reserved' AND "ExpiresAt" <= {due}
            """, cancellationToken);

        if (won == 0)
        {
            var state = await db.Reservations.AsNoTracking()
                .Where(r => r.OrderId == orderId).Select(r => (ReservationState?)r.State).SingleOrDefaultAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (state is null or ReservationState.Reserved)
            {
                return CloseResult.NotFound;
            }
            await ApplyToRedisAsync(epoch, orderId, state.Value);
            // A returned reservation was committed: a late commit retry has nothing left to do.
            return state.Value == target || (target, state.Value) == (ReservationState.Committed, ReservationState.Returned)
                ? CloseResult.Applied
                : CloseResult.AlreadyClosed(state.Value);
        }

        var lines = await ReservedLinesAsync(orderId, cancellationToken);
        var kind = target switch
        {
            ReservationState.Committed => LedgerEntryKind.Commit,
            ReservationState.Released => LedgerEntryKind.Release,
            _ => LedgerEntryKind.Expire,
        };
        AddLedgerRows(lines, kind, orderId, actor, now);
        if (target == ReservationState.Expired)
        {
            db.AddIntegrationEvent(new StockReservationExpired(orderId, [.. lines.Select(l => new ReservedStock(l.Sku, l.Quantity))])
            {
                OccurredAt = now,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        if (target == ReservationState.Committed)
        {
            // Last before the commit: a popular SKU's row is locked by one order at a time, from its UPDATE to the
            // commit, so every other order selling it waits that long. Nothing else runs in between now.
            await AdjustOnHandAsync(InLockOrder(lines), -1, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        await faults.AtAsync(InventoryFaults.AfterLedgerClose, cancellationToken);
        await ApplyToRedisAsync(epoch, orderId, target);
        return CloseResult.Applied;
    }

    private async Task ApplyToRedisAsync(string? epoch, Guid orderId, ReservationState state)
    {
        if (epoch is null || state == ReservationState.Returned)
        {
            // Redis had lost its data (the rebuild will read this ledger state), or the units were returned after the
            // sale: only ReturnAsync's own step may add them back, and the rebuild settles a step that a crash skipped.
            return;
        }
        try
        {
            // Only on the generation seen inside the transaction: a later one was built from a ledger that has this row.
            await store.CloseAsync(epoch, orderId, state switch
            {
                ReservationState.Committed => 'C',
                ReservationState.Released => 'L',
                _ => 'E',
            });
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The ledger is already right; until the next rebuild Redis holds these units back (never frees them).
            logger.LogWarning(exception, "Could not apply {State} of order {OrderId} to Redis", state, orderId);
        }
    }

    private static ReservationState StateOf(char state) => state switch
    {
        'C' => ReservationState.Committed,
        'T' => ReservationState.Returned,
        'L' => ReservationState.Released,
        _ => ReservationState.Expired,
    };
}

public enum ReserveStatus { Reserved, InsufficientStock, UnknownSku, Committed, Released, Expired }

public sealed record ReserveResult(ReserveStatus Status, IReadOnlyList<StockShortfallLine> Shortfalls, DateTimeOffset? ExpiresAt)
{
    public bool IsReserved => Status == ReserveStatus.Reserved;

    public static ReserveResult Held(DateTimeOffset expiresAt) => new(ReserveStatus.Reserved, [], expiresAt);

    public static ReserveResult Rejected(IReadOnlyList<StockShortfallLine> shortfalls) => new(
        shortfalls.Any(s => s.Available < 0) ? ReserveStatus.UnknownSku : ReserveStatus.InsufficientStock,
        [.. shortfalls.Select(s => s with { Available = Math.Max(0, s.Available) })],
        null);

    public static ReserveResult Closed(ReservationState state) => new(state switch
    {
        ReservationState.Committed or ReservationState.Returned => ReserveStatus.Committed,
        ReservationState.Released => ReserveStatus.Released,
        _ => ReserveStatus.Expired,
    }, [], null);
}

/// <summary>Applied: the reservation is (now or already) in the requested state.</summary>
public sealed record CloseResult(bool IsApplied, bool IsFound, ReservationState? State)
{
    public static readonly CloseResult Applied = new(true, true, null);
    public static readonly CloseResult NotFound = new(false, false, null);

    public static CloseResult AlreadyClosed(ReservationState state) => new(false, true, state);
}

/// <summary>Redis was unreachable or kept changing generation: the caller may retry.</summary>
public sealed class StockUnavailableException(string message) : Exception(message);
