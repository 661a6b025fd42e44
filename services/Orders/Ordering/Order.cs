namespace Vargo.Orders.Ordering;

/// <summary>
/// An order and the state of its checkout saga. The saga's progress is the <see cref="Status"/> itself
/// (Pending → StockReserved → PaymentAuthorized → Placed), saved after every step recovery needs, so a crashed checkout can
/// be resumed or compensated from what is stored. <see cref="LeaseUntil"/> says who drives it: the request
/// that created it, until then; afterwards the recovery worker (or an event handler) may claim it.
/// </summary>
public sealed class Order
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public required string CustomerEmail { get; init; }
    public OrderStatus Status { get; set; }
    public required string Currency { get; init; }
    public decimal Total { get; set; }
    public List<OrderItem> Items { get; init; } = [];
    public required ShippingAddress ShippingAddress { get; init; }
    public string? CardBrand { get; set; }
    public string? CardLast4 { get; set; }
    public Guid? PaymentId { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureReason { get; set; }
    public required string IdempotencyKey { get; init; }
    public required string RequestHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
    public DateTimeOffset? ShippedAt { get; set; }

    /// <summary>
    /// What Payment has given back for this order so far, in <see cref="Currency"/> (PaymentRefunded); 0 when nothing.
    /// Only grows: the events of one payment carry its running total, so a late or repeated one changes nothing.
    /// </summary>
    public decimal RefundedAmount { get; set; }

    public bool IsOpen => Status is OrderStatus.Pending or OrderStatus.StockReserved or OrderStatus.PaymentAuthorized;

    public bool IsTerminal => !IsOpen;
}

public enum OrderStatus
{
    Pending,
    StockReserved,
    PaymentAuthorized,
    Placed,
    Shipped,
    PaymentFailed,
    Cancelled,
    /// <summary>A placed or shipped order whose payment was refunded in full (by an admin through Payment).</summary>
    Refunded
}

public sealed class OrderItem
{
    public Guid ProductId { get; init; }
    public required string Sku { get; init; }
    public required string Name { get; init; }
    public int Quantity { get; init; }
    public decimal UnitPrice { get; init; }
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);
