using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Group commit for the ledger half of a reservation (README.md, "Write protocol", step 2). Every reservation whose
/// Lua script succeeded queues its ledger write here; each of <see cref="InventoryOptions.LedgerWriters"/> loops takes
/// everything queued (up to <see cref="MaxBatch"/>) and writes it in one transaction: the shared ledger lock and one
/// multi-row insert of reservation and ledger rows in one round trip, the epoch read once, one commit (one WAL flush).
/// Only then does each caller hear its outcome, so "reserved" still means "durable in the ledger". An order whose
/// reservation row already exists (a retry, or a duplicate in the same or a concurrent batch) inserts nothing and
/// answers with the existing row, as a lone write did.
/// </summary>
public sealed class ReservationLedgerWriter(
    IServiceScopeFactory scopes,
    RedisStockStore store,
    IOptions<InventoryOptions> options,
    IFaultInjector faults,
    IMeterFactory meters,
    ILogger<ReservationLedgerWriter> logger) : BackgroundService
{
    public const int MaxBatch = 256;
    public const string MeterName = "Vargo.Inventory";
    public const string BatchSizeInstrument = "vargo.inventory.reservation_batch.size";
    public const string BatchDurationInstrument = "vargo.inventory.reservation_batch.duration";

    private readonly Meter _meter = meters.Create(MeterName);
    private readonly Histogram<int> _batchSize = meters.Create(MeterName).CreateHistogram<int>(BatchSizeInstrument, "{reservation}", "Reservations written per ledger transaction.");
    private readonly Histogram<double> _batchDuration = meters.Create(MeterName)
        .CreateHistogram<double>(BatchDurationInstrument, "s", "Time of one ledger transaction of reservations, begin to commit.");

    // Bounded: when PostgreSQL falls behind, callers wait to enqueue instead of piling up memory.
    private readonly Channel<PendingReservation> _queue = Channel.CreateBounded<PendingReservation>(
        new BoundedChannelOptions(MaxBatch * 16) { FullMode = BoundedChannelFullMode.Wait });

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
        try
        {
            // While one batch waits for its commit's WAL flush, the next one is already being written.
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.LedgerWriters)).Select(_ => WriteBatchesAsync(stoppingToken)));
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Outcome.TrySetException(new StockUnavailableException("The service is stopping."));
            }
        }
    }

    private async Task WriteBatchesAsync(CancellationToken stoppingToken)
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
                if (batch.Count == 0)
                {
                    continue;
                }
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var outcomes = await WriteBatchAsync(batch, stoppingToken);
                    _batchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    _batchSize.Record(batch.Count);
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
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(new StockUnavailableException("The service is stopping."));
            }
        }
    }

    /// <summary>One transaction for the whole batch; returns, per item, its order's reservation row or null (stale epoch).</summary>
    private async Task<Reservation?[]> WriteBatchAsync(List<PendingReservation> batch, CancellationToken cancellationToken)
    {
        var outcomes = new Reservation?[batch.Count];
        // Nearly always one generation per batch. Items queued under an older (or, just after a rebuild, newer) one
        // answer null and retry on the current generation, as a lone write that lost the epoch check did.
        var assumedEpoch = batch[^1].Epoch;
        // One writer per order: the call whose script took the units in Redis, else the first. Sorted by order id so
        // concurrent batches take the reservations' row locks in one order (no deadlock on a shared order id).
        var writers = batch
            .Where(pending => pending.Epoch == assumedEpoch)
            .GroupBy(pending => pending.OrderId)
            .Select(order => order.FirstOrDefault(pending => pending.HeldByThisCall) ?? order.First())
            .OrderBy(pending => pending.OrderId)
            .ToList();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var inserted = await InsertAsync(db, transaction, writers, cancellationToken);
        // The shared lock is held now: no rebuild can publish a generation before this transaction ends.
        var currentEpoch = store.ReadEpochAsync();
        Guid[] replayed = [.. writers.Select(p => p.OrderId).Where(orderId => !inserted.Contains(orderId))];
        var existing = replayed.Length == 0
            ? []
            : await db.Reservations.AsNoTracking().Where(r => replayed.Contains(r.OrderId)).ToDictionaryAsync(r => r.OrderId, cancellationToken);
        if (await currentEpoch != assumedEpoch)
        {
            return outcomes;
        }

        await faults.AtAsync(InventoryFaults.AfterRedisReserve, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var rows = writers.ToDictionary(pending => pending.OrderId, pending => inserted.Contains(pending.OrderId)
            ? new Reservation
            {
                OrderId = pending.OrderId,
                State = ReservationState.Reserved,
                ReservedAt = pending.ReservedAt,
                ExpiresAt = pending.ExpiresAt,
            }
            : existing[pending.OrderId]);
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = batch[i].Epoch == assumedEpoch ? rows[batch[i].OrderId] : null;
        }
        return outcomes;
    }

    /// <summary>
    /// Takes the shared ledger lock and inserts the reservation rows (those not there yet) and their ledger rows, in
    /// one round trip. Returns the orders this statement inserted: the others already had a reservation and get no rows.
    /// </summary>
    private static async Task<HashSet<Guid>> InsertAsync(
        InventoryDbContext db, IDbContextTransaction transaction, List<PendingReservation> writers, CancellationToken cancellationToken)
    {
        var lines = writers.SelectMany(pending => pending.Lines.Select(line => (pending, line))).ToList();
        await using var command = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction())
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared($1)") { Parameters = { new() { Value = LedgerLock.Key } } },
                new NpgsqlBatchCommand("""
                    WITH inserted AS (
                        INSERT INTO reservations ("OrderId", "State", "ReservedAt", "ExpiresAt")
                        SELECT o, $1, r, e FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS t(o, r, e) ORDER BY o
                        ON CONFLICT DO NOTHING
                        RETURNING "OrderId")
                    INSERT INTO ledger ("Sku", "Kind", "Quantity", "OrderId", "Actor", "OccurredAt")
                    SELECT l.s, $5, l.q, l.o, l.a, l.t
                    FROM unnest($6::uuid[], $7::text[], $8::int[], $9::text[], $10::timestamptz[]) AS l(o, s, q, a, t)
                    JOIN inserted i ON i."OrderId" = l.o
                    RETURNING "OrderId"
                    """)
                {
                    Parameters =
                    {
                        new() { Value = nameof(ReservationState.Reserved) },
                        new() { Value = writers.Select(p => p.OrderId).ToArray() },
                        new() { Value = writers.Select(p => p.ReservedAt).ToArray() },
                        new() { Value = writers.Select(p => p.ExpiresAt).ToArray() },
                        new() { Value = nameof(LedgerEntryKind.Reserve) },
                        new() { Value = lines.Select(l => l.pending.OrderId).ToArray() },
                        new() { Value = lines.Select(l => l.line.Sku).ToArray() },
                        new() { Value = lines.Select(l => l.line.Quantity).ToArray() },
                        new() { Value = lines.Select(l => l.pending.Actor).ToArray() },
                        new() { Value = lines.Select(l => l.pending.ReservedAt).ToArray() },
                    },
                },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var inserted = new HashSet<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetGuid(0));
        }
        return inserted;
    }

    private sealed record PendingReservation(
        string Epoch, Guid OrderId, IReadOnlyList<StockQuantity> Lines, DateTimeOffset ReservedAt, DateTimeOffset ExpiresAt,
        string Actor, bool HeldByThisCall)
    {
        public TaskCompletionSource<Reservation?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
