using Vargo.Inventory.Stock;

namespace Vargo.Bench.Inventory;

/// <summary>
/// The orders both paths reserve: 1–3 lines over 500 well-stocked SKUs (1–2 units each), and one order in 50 also
/// wants a unit of one of 8 scarce SKUs (20 units each), so the scarce ones sell out during the run and the oversell
/// check has a real race to judge. Lines are distinct and sorted by SKU, as the service sends them to the script.
/// </summary>
internal sealed class Workload
{
    public const int PlentifulStock = 100_000;
    public const int ScarceStock = 20;

    private readonly Random[] _random;

    public Workload(int workers)
    {
        _random = [.. Enumerable.Range(0, workers).Select(worker => new Random(1_000 + worker))];
        Skus = [.. Enumerable.Range(0, 500).Select(i => $"BENCH-P-{i:D3}"), .. Enumerable.Range(0, 8).Select(i => $"BENCH-S-{i}")];
        Index = Skus.Select((sku, i) => (sku, i)).ToDictionary(p => p.sku, p => p.i, StringComparer.Ordinal);
    }

    public string[] Skus { get; }

    public Dictionary<string, int> Index { get; }

    public IReadOnlyList<StockQuantity> InitialStock =>
        [.. Skus.Select(sku => new StockQuantity(sku, sku.StartsWith("BENCH-S-", StringComparison.Ordinal) ? ScarceStock : PlentifulStock))];

    public List<StockQuantity> NextOrder(int worker)
    {
        var random = _random[worker];
        var lines = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var count = random.Next(1, 4);
        while (lines.Count < count)
        {
            lines[Skus[random.Next(500)]] = random.Next(1, 3);
        }
        if (random.Next(50) == 0)
        {
            lines[Skus[500 + random.Next(8)]] = 1;
        }
        return [.. lines.Select(line => new StockQuantity(line.Key, line.Value))];
    }
}

/// <summary>Units each path's successful reservations took, per SKU (what the oversell check compares against).</summary>
internal sealed class ReservedTally(int skus)
{
    private readonly long[] _units = new long[skus];
    private long _reserved;
    private long _rejected;

    public long Reserved => Interlocked.Read(ref _reserved);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long this[int sku] => Interlocked.Read(ref _units[sku]);

    public void Add(Workload workload, IEnumerable<StockQuantity> lines)
    {
        foreach (var line in lines)
        {
            Interlocked.Add(ref _units[workload.Index[line.Sku]], line.Quantity);
        }
        Interlocked.Increment(ref _reserved);
    }

    public void Reject() => Interlocked.Increment(ref _rejected);
}
