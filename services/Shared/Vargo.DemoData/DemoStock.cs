namespace Vargo.DemoData;

/// <summary>
/// Deterministic initial stock for the demo catalog's SKUs. About 5% of SKUs start sold out (0) and about 5%
/// with a single unit (1), so "out of stock" and "last one" paths show up in the demo and in tests.
/// </summary>
public static class DemoStock
{
    public static int InitialQuantity(string sku)
    {
        ArgumentException.ThrowIfNullOrEmpty(sku);
        var hash = StableHash.Fnv1a("stock:" + sku);
        return (hash % 100) switch
        {
            < 5 => 0,
            < 10 => 1,
            < 30 => 2 + (int)(hash / 100 % 9),       // 2..10: low stock
            _ => 20 + (int)(hash / 100 % 181),       // 20..200
        };
    }
}
