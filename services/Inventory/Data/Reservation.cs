namespace Vargo.Inventory.Data;

/// <summary>
/// An order's reservation and its single terminal transition (committed, released or expired), plus, for a committed
/// one, the return of its units when the order is cancelled after the sale (committed → returned, once). The row's
/// primary key makes every operation idempotent by order id; its lines are the order's reserve rows in the ledger.
/// </summary>
public sealed class Reservation
{
    public Guid OrderId { get; set; }

    public ReservationState State { get; set; }

    public DateTimeOffset ReservedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the reservation reached its current state.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}

public enum ReservationState
{
    Reserved,
    Committed,
    Released,
    Expired,
    /// <summary>Committed, then the order was cancelled: its units are back on stock.</summary>
    Returned,
}
