namespace Vargo.Inventory.Data;

/// <summary>
/// One stock movement. Append-only: rows are never updated or deleted, so the ledger alone can rebuild
/// every counter (see README.md, "Write protocol").
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }

    public required string Sku { get; set; }

    public LedgerEntryKind Kind { get; set; }

    /// <summary>
    /// Units moved. Positive for every kind except <see cref="LedgerEntryKind.Adjust"/>, which is a signed delta
    /// of the on-hand count. Terminal rows (commit, release, expire) and return rows repeat their reserve row's quantity.
    /// </summary>
    public int Quantity { get; set; }

    /// <summary>The order for reserve/commit/release/expire/return rows; null for restock and adjust.</summary>
    public Guid? OrderId { get; set; }

    /// <summary>Who caused the movement: "seed", "checkout", "order-placed", "expiry", or an admin's user id.</summary>
    public required string Actor { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

public enum LedgerEntryKind
{
    Restock,
    Adjust,
    Reserve,
    Commit,
    Release,
    Expire,
    /// <summary>Committed units back on stock because their order was cancelled after the sale (one row per line).</summary>
    Return,
}
