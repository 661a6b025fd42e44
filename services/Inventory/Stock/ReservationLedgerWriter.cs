using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Group commit for the ledger half of a reservation (README.md, "Write protocol", step 2). Every reservation whose
/// Lua script succeeded queues its ledger write here; one loop takes everything queued (up to
/// <see cref="MaxBatch"/>) and writes it in one transaction: the shared ledger lock once, the epoch read once,
/// one multi-row insert of reservation and ledger rows, one commit (one WAL flush). Only then does each caller hear
/// its outcome, so "reserved" still means "durable in the ledger". An order whose reservation row already exists
/// (a retry, or a duplicate in the same batch) inserts nothing and answers with the existing row, as before.
/// </summary>
public sealed class ReservationLedgerWriter(
    IServiceScopeFactory scopes,
    RedisStockStore store,
    IOptions<InventoryOptions> options,
    ILogger<ReservationLedgerWriter> logger) : BackgroundService
{
    public const int MaxBatch = 256;

    // Bounded: when PostgreSQL falls behind, callers wait to enqueue instead of piling up memory.
    private readonly Channel<PendingReservation> _queue = Channel.CreateBounded<PendingReservation>(
        new BoundedChannelOptions(MaxBatch * 16) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Records a reservation that Redis holds under <paramref name="epoch"/> and returns the order's reservation row once
    /// it is committed, or null when Redis changed generation before the commit (the caller retries, as before).
    /// The caller's cancellation only stops its waiting: the batch it joined is written for the other callers anyway,
    /// and a write the caller did not wait for is the "crash before the answer" case (a retry of the order id replays it).
    /// </summary>
    public async Task<Reservation?> RecordAsync(
        string epoch, Guid orderId, IReadOnlyList<StockQuantity> lines, DateTimeOffset reservedAt, DateTimeOffset expiresAt,
        string actor, bool heldByThisCall, CancellationToken cancellationToken)
    {
        var pending = new PendingReservation(epoch, orderId, lines, reservedAt, expiresAt, actor, heldByThisCall);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingReservation>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }
                try
                {
                    var outcomes = await WriteBatchAsync(batch, stoppingToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Outcome.TrySetResult(outcomes[i]);
                    }
                }
                catch (Exception exception)
                {
                    // Nothing of the batch committed: every caller gets the error a lone write would have given it.
                    if (exception is not (SimulatedCrashException or OperationCanceledException))
                    {
                        logger.LogWarning(exception, "Could not write a batch of {Count} reservations to the ledger", batch.Count);
                    }
                    foreach (var pending in batch)
                    {
                        pending.Outcome.TrySetException(exception);
                    }
                }
                batch.Clear();
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            var stopped = new StockUnavailableException("The service is stopping.");
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(stopped);
            }
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Outcome.TrySetException(stopped);
            }
        }
    }

    /// <summary>One transaction for the whole batch; returns, per item, its order's reservation row or null (stale epoch).</summary>
    private async Task<Reservation?[]> WriteBatchAsync(List<PendingReservation> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LedgerLock.EnterSharedAsync(db, cancellationToken);
        // Under the shared lock no rebuild can publish a generation before this transaction ends.
        var epoch = await store.ReadEpochAsync();

        // One writer per order: the call whose script took the units in Redis, else the first; a stale one is left
        // to retry on the new generation (its units went with the old one).
        var writers = batch
            .Where(pending => pending.Epoch == epoch)
            .GroupBy(pending => pending.OrderId)
            .Select(order => order.FirstOrDefault(pending => pending.HeldByThisCall) ?? order.First())
            .ToList();
        var outcomes = new Reservation?[batch.Count];
        if (writers.Count == 0)
        {
            return outcomes;
        }

        var lines = writers.SelectMany(pending => pending.Lines.Select(line => (pending, line))).ToList();
        Guid[] orderIds = [.. writers.Select(p => p.OrderId)];
        DateTimeOffset[] reservedAt = [.. writers.Select(p => p.ReservedAt)];
        DateTimeOffset[] expiresAt = [.. writers.Select(p => p.ExpiresAt)];
        Guid[] lineOrders = [.. lines.Select(l => l.pending.OrderId)];
        string[] lineSkus = [.. lines.Select(l => l.line.Sku)];
        int[] lineQuantities = [.. lines.Select(l => l.line.Quantity)];
        string[] lineActors = [.. lines.Select(l => l.pending.Actor)];
        DateTimeOffset[] lineTimes = [.. lines.Select(l => l.pending.ReservedAt)];
        var reserve = nameof(LedgerEntryKind.Reserve);
        var reserved = nameof(ReservationState.Reserved);

        // Ledger rows only for the orders whose reservation row this statement inserted: a replay writes nothing.
        await db.Database.ExecuteSqlAsync($"""
            WITH inserted AS (
                INSERT INTO reservations ("OrderId", "State", "ReservedAt", "ExpiresAt")
                SELECT o, {reserved}, r, e FROM unnest({orderIds}, {reservedAt}, {expiresAt}) AS t(o, r, e)
                ON CONFLICT DO NOTHING
                RETURNING "OrderId")
            INSERT INTO ledger ("Sku", "Kind", "Quantity", "OrderId", "Actor", "OccurredAt")
            SELECT l.s, {reserve}, l.q, l.o, l.a, l.t
            FROM unnest({lineOrders}, {lineSkus}, {lineQuantities}, {lineActors}, {lineTimes}) AS l(o, s, q, a, t)
            JOIN inserted i ON i."OrderId" = l.o
            """, cancellationToken);
        var rows = await db.Reservations.AsNoTracking()
            .Where(r => orderIds.Contains(r.OrderId))
            .ToDictionaryAsync(r => r.OrderId, cancellationToken);

        if (options.Value.CrashBetweenWrites == WriteFault.AfterRedisReserve)
        {
            throw new SimulatedCrashException(WriteFault.AfterRedisReserve);
        }
        await transaction.CommitAsync(cancellationToken);

        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = batch[i].Epoch == epoch ? rows[batch[i].OrderId] : null;
        }
        return outcomes;
    }

    private sealed record PendingReservation(
        string Epoch, Guid OrderId, IReadOnlyList<StockQuantity> Lines, DateTimeOffset ReservedAt, DateTimeOffset ExpiresAt,
        string Actor, bool HeldByThisCall)
    {
        public TaskCompletionSource<Reservation?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
