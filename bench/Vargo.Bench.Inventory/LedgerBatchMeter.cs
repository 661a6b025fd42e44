using System.Diagnostics.Metrics;
using Vargo.Inventory.Stock;

namespace Vargo.Bench.Inventory;

/// <summary>
/// Listens to the service's group-commit histograms (<see cref="ReservationLedgerWriter"/>): how many reservations
/// each ledger transaction carried and how long it took, so the report can say what bounds a reservation.
/// </summary>
internal sealed class LedgerBatchMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _batches;
    private long _reservations;
    private double _seconds;
    private readonly Lock _gate = new();

    public LedgerBatchMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ReservationLedgerWriter.MeterName
                && instrument.Name is ReservationLedgerWriter.BatchSizeInstrument or ReservationLedgerWriter.BatchDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (_gate) { _batches++; _reservations += size; }
        });
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (_gate) { _seconds += seconds; }
        });
        _listener.Start();
    }

    public BatchTotals Snapshot()
    {
        lock (_gate)
        {
            return new BatchTotals(_batches, _reservations, _seconds);
        }
    }

    public void Dispose() => _listener.Dispose();
}

internal sealed record BatchTotals(long Batches, long Reservations, double Seconds)
{
    public static BatchTotals operator -(BatchTotals after, BatchTotals before) =>
        new(after.Batches - before.Batches, after.Reservations - before.Reservations, after.Seconds - before.Seconds);

    public double AverageSize => Batches == 0 ? 0 : (double)Reservations / Batches;

    public double AverageMs => Batches == 0 ? 0 : Seconds * 1000 / Batches;
}
