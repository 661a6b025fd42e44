using System.Diagnostics.Metrics;

namespace Vargo.Recommendation.Products;

/// <summary>
/// Where the catalog back-fill stands: described by the product-index health check (/health), and published as the
/// gauges vargo.recommendation.backfill.processed and .total (meter Vargo.Recommendation), which the Aspire dashboard
/// charts under the service's metrics.
/// </summary>
public sealed class BackfillProgress
{
    public const string MeterName = "Vargo.Recommendation";
    private volatile string _state = "back-fill not started";

    public BackfillProgress(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("vargo.recommendation.backfill.processed", () => Processed, "{product}",
            "Catalog products the back-fill has read and stored so far");
        meter.CreateObservableGauge("vargo.recommendation.backfill.total", () => Total ?? 0, "{product}",
            "Catalog products the back-fill will read (0 while unknown)");
    }

    public bool Completed { get; private set; }

    public int Processed { get; private set; }

    public int? Total { get; private set; }

    public string Describe() => _state;

    public void Report(int processed, int? total, int embedded)
    {
        (Processed, Total) = (processed, total);
        _state = $"back-fill {processed}/{total?.ToString() ?? "?"} products ({embedded} embedded)";
    }

    /// <summary>An operator started the back-fill over: not complete again until it finishes.</summary>
    public void Restart()
    {
        (Processed, Total, Completed) = (0, null, false);
        _state = "back-fill restarting";
    }

    public void Waiting(string reason) => _state = $"back-fill waiting: {reason}";

    public void Complete(int processed, int embedded)
    {
        (Processed, Total, Completed) = (processed, processed, true);
        _state = $"back-fill done: {processed} products ({embedded} embedded)";
    }
}
