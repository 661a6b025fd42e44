namespace Vargo.Recommendation.Data;

/// <summary>One product of a placed order (from OrderPlaced): the buyer's profile and co-purchase counts are built from these.</summary>
public sealed class Purchase
{
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    public Guid CustomerId { get; set; }
    public int Quantity { get; set; }
    public DateTimeOffset PurchasedAt { get; set; }
}
