using Microsoft.EntityFrameworkCore;
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
    IOptions<InventoryOptions> options,
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
                    return ReserveResult.Rejected(decision.Shortfalls);
                case RedisReserveOutcome.Exists when decision.State == 'X':
                    return ReserveResult.Rejected(decision.Shortfalls);
                case RedisReserveOutcome.Exists when decision.State is 'C' or 'L' or 'E':
                    return ReserveResult.Closed(StateOf(decision.State.Value));
            }

            // Reserved in Redis now (or by an earlier attempt whose ledger write may not have committed):
            // make the ledger say so, idempotently.
            var recorded = await RecordReservationAsync(epoch, orderId, merged, now,
                DateTimeOffset.FromUnixTimeMilliseconds(decision.ExpiresAtUnixMs), actor, cancellationToken);
            switch (recorded)
            {
                case null when attempt < Attempts:
                    // Redis was rebuilt while we wrote: the units we held there are gone with the old generation.
                    epoch = await reconciler.RefreshEpochAsync(cancellationToken);
                    continue;
                case null:
                    throw new StockUnavailableException("Redis changed generation during every attempt.");
                case { State: ReservationState.Reserved } reservation:
                    return ReserveResult.Held(reservation.ExpiresAt);
                case var reservation:
                    // The order was closed long ago and Redis forgot it (rebuilt): undo the hold we just took.
                    await store.CloseAsync(epoch, orderId, 'V');
                    return ReserveResult.Closed(reservation.State);
            }
        }
    }

    /// <summary>
    /// Inserts the reservation and its ledger rows unless the order already has a reservation, and commits only if
    /// Redis is still on <paramref name="epoch"/>. Returns the order's reservation, or null when the generation changed.
    /// </summary>
    private async Task<Reservation?> RecordReservationAsync(
        string epoch, Guid orderId, IReadOnlyList<StockQuantity> lines, DateTimeOffset now, DateTimeOffset expiresAt,
        string actor, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LedgerLock.EnterSharedAsync(db, cancellationToken);

        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO reservations ("OrderId", "State", "ReservedAt", "ExpiresAt")
            VALUES ({orderId}, 'Reserved', {now}, {expiresAt}) ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            db.Ledger.AddRange(lines.Select(line => new LedgerEntry
            {
                Sku = line.Sku,
                Kind = LedgerEntryKind.Reserve,
                Quantity = line.Quantity,
                OrderId = orderId,
                Actor = actor,
                OccurredAt = now,
            }));
            await db.SaveChangesAsync(cancellationToken);
        }

        var reservation = await db.Reservations.AsNoTracking().SingleAsync(r => r.OrderId == orderId, cancellationToken);
        if (await store.ReadEpochAsync() != epoch)
        {
            return null;
        }

        if (options.Value.CrashBetweenWrites == WriteFault.AfterRedisReserve)
        {
            throw new SimulatedCrashException(WriteFault.AfterRedisReserve);
        }
        await transaction.CommitAsync(cancellationToken);
        return reservation;
    }

    public Task<CloseResult> CommitAsync(Guid orderId, string actor, CancellationToken cancellationToken) =>
        CloseAsync(orderId, ReservationState.Committed, actor, dueBy: null, cancellationToken);

    public Task<CloseResult> ReleaseAsync(Guid orderId, string actor, CancellationToken cancellationToken) =>
        CloseAsync(orderId, ReservationState.Released, actor, dueBy: null, cancellationToken);

    /// <summary>Releases every reservation past its expiry; returns how many expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Reservations.AsNoTracking()
            .Where(r => r.State == ReservationState.Reserved && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => r.OrderId)
            .Take(200)
            .ToListAsync(cancellationToken);

        var expired = 0;
        foreach (var orderId in due)
        {
            if (await CloseAsync(orderId, ReservationState.Expired, "expiry", now, cancellationToken) == CloseResult.Applied)
            {
                expired++;
            }
        }
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
            return state.Value == target ? CloseResult.Applied : CloseResult.AlreadyClosed(state.Value);
        }

        var lines = await db.Ledger.AsNoTracking()
            .Where(e => e.OrderId == orderId && e.Kind == LedgerEntryKind.Reserve)
            .Select(e => new StockQuantity(e.Sku, e.Quantity))
            .ToListAsync(cancellationToken);
        var kind = target switch
        {
            ReservationState.Committed => LedgerEntryKind.Commit,
            ReservationState.Released => LedgerEntryKind.Release,
            _ => LedgerEntryKind.Expire,
        };
        db.Ledger.AddRange(lines.Select(line => new LedgerEntry
        {
            Sku = line.Sku,
            Kind = kind,
            Quantity = line.Quantity,
            OrderId = orderId,
            Actor = actor,
            OccurredAt = now,
        }));
        if (target == ReservationState.Committed)
        {
            foreach (var line in lines)
            {
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE stock_items SET "OnHand" = "OnHand" - {line.Quantity}, "UpdatedAt" = {now} WHERE "Sku" = {line.Sku}
                    """, cancellationToken);
            }
        }
        if (target == ReservationState.Expired)
        {
            db.AddIntegrationEvent(new StockReservationExpired(orderId, [.. lines.Select(l => new ReservedStock(l.Sku, l.Quantity))])
            {
                OccurredAt = now,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (options.Value.CrashBetweenWrites == WriteFault.AfterLedgerClose)
        {
            throw new SimulatedCrashException(WriteFault.AfterLedgerClose);
        }
        await ApplyToRedisAsync(epoch, orderId, target);
        return CloseResult.Applied;
    }

    private async Task ApplyToRedisAsync(string? epoch, Guid orderId, ReservationState state)
    {
        if (epoch is null)
        {
            return; // Redis had lost its data; the rebuild will read this ledger state.
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
        ReservationState.Committed => ReserveStatus.Committed,
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
