namespace Vargo.Recommendation.Products;

/// <summary>Where the catalog back-fill stands, for the health check (and so the Aspire dashboard).</summary>
public sealed class BackfillProgress
{
    private volatile string _state = "back-fill not started";

    public bool Completed { get; private set; }

    public int Processed { get; private set; }

    public int? Total { get; private set; }

    public string Describe() => _state;

    public void Report(int processed, int? total, int embedded)
    {
        (Processed, Total) = (processed, total);
        _state = $"back-fill {processed}/{total?.ToString() ?? "?"} products ({embedded} embedded)";
    }

    public void Waiting(string reason) => _state = $"back-fill waiting: {reason}";

    public void Complete(int processed, int embedded)
    {
        Processed = processed;
        Completed = true;
        _state = $"back-fill done: {processed} products ({embedded} embedded)";
    }
}
