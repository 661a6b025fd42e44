namespace Vargo.Inventory.Data;

/// <summary>
/// Current on-hand units of a SKU (restocks and adjustments minus commits), kept in the same transaction as
/// the ledger rows that change it. Reservations do not change it: available = on hand − open reservations.
/// </summary>
public sealed class StockItem
{
    public required string Sku { get; set; }

    public int OnHand { get; set; }

    /// <summary>At or below this many available units the SKU shows in the low-stock list.</summary>
    public int LowStockThreshold { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
