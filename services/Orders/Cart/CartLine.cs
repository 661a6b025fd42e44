namespace Vargo.Orders.Cart;

/// <summary>One SKU in a signed-in customer's cart. Prices are never stored here: the catalog is asked each time.</summary>
public sealed class CartLine
{
    public const int MaxQuantity = 99;

    public Guid CustomerId { get; init; }
    public required string Sku { get; init; }
    public int Quantity { get; set; }
    public DateTimeOffset AddedAt { get; init; }
}
