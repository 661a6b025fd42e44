using System.ComponentModel.DataAnnotations;

namespace Vargo.Inventory.Stock;

/// <summary>Settings under <c>Inventory</c> in configuration.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long an uncommitted reservation holds its units when the caller sends no TTL.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DefaultReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Upper bound for a caller's TTL.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxReservationTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often reservations past their expiry are released.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Before releasing due reservations, ask Orders what became of their checkouts (protos/orders.proto): a Placed
    /// order's reservation is committed instead (its OrderPlaced event is late), an open checkout's is held until Orders
    /// ends it, and nothing expires while Orders cannot answer. Off only where no Orders runs (Inventory's own tests);
    /// off, every due reservation expires as its TTL says.
    /// </summary>
    public bool ExpiryAsksOrders { get; set; } = true;

    /// <summary>How often Redis is rebuilt from the ledger (also at start-up and whenever Redis lost its data).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many ledger batches of reservations may be in flight at once (group commit, README.md "Write protocol").
    /// </summary>
    [Range(1, 64)]
    public int LedgerWriters { get; set; } = 2;

    /// <summary>Hash tag of every Redis key of this service; tests and benchmarks give each run its own.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression(@"^[^{}]+$", ErrorMessage = "The Redis key tag cannot contain braces (it goes inside a {hash tag}).")]
    public string RedisKeyTag { get; set; } = "inv";

    /// <summary>Low-stock threshold of a SKU that has none of its own.</summary>
    [Range(0, int.MaxValue)]
    public int DefaultLowStockThreshold { get; set; } = 3;

    /// <summary>Seed the demo catalog's stock into an empty ledger at start-up.</summary>
    public bool SeedDemoStock { get; set; } = true;
}
