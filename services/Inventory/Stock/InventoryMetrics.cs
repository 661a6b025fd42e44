using System.Diagnostics.Metrics;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Inventory's business metrics (meter <c>Vargo.Inventory</c>, exported by ServiceDefaults' <c>Vargo.*</c> filter).
/// See docs/operations.md for what normal looks like and what to alert on.
/// </summary>
public sealed class InventoryMetrics
{
    public const string MeterName = "Vargo.Inventory";

    private readonly Counter<long> _granted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _rebuilds;
    private readonly Histogram<double> _rebuildDuration;

    public InventoryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _granted = meter.CreateCounter<long>("vargo.inventory.reservations.granted", "{reservation}", "Reservations that now hold stock.");
        _refused = meter.CreateCounter<long>("vargo.inventory.reservations.refused", "{reservation}",
            "Reservations refused, by reason (insufficient_stock, unknown_sku).");
        _expired = meter.CreateCounter<long>("vargo.inventory.reservations.expired", "{reservation}",
            "Reservations released because their order did not commit them in time.");
        _rebuilds = meter.CreateCounter<long>("vargo.inventory.stock.rebuilds", "{rebuild}",
            "New Redis stock generations published from the ledger, by trigger (full: start-up or an operator; missing: Redis lost its data; drift: the periodic comparison found a difference).");
        _rebuildDuration = meter.CreateHistogram<double>("vargo.inventory.stock.rebuild.duration", "s",
            "Time to read the ledger and publish a new Redis stock generation.");
    }

    public void Granted() => _granted.Add(1);

    public void Refused(ReserveStatus status) => _refused.Add(1, new KeyValuePair<string, object?>("vargo.reservation.refusal",
        status == ReserveStatus.UnknownSku ? "unknown_sku" : "insufficient_stock"));

    public void Expired(int count)
    {
        if (count > 0)
        {
            _expired.Add(count);
        }
    }

    public void Rebuilt(string trigger, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("vargo.stock.rebuild.trigger", trigger);
        _rebuilds.Add(1, tag);
        _rebuildDuration.Record(elapsed.TotalSeconds, tag);
    }
}
