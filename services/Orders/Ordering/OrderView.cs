namespace Vargo.Orders.Ordering;

public sealed record OrderView(
    Guid Id,
    string Status,
    decimal Total,
    string Currency,
    IReadOnlyList<OrderItemView> Items,
    ShippingAddress ShippingAddress,
    string? CardBrand,
    string? CardLast4,
    string? FailureCode,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ShippedAt)
{
    public static OrderView Of(Order order) => new(
        order.Id, order.Status.ToString(), order.Total, order.Currency,
        order.Items.Select(i => new OrderItemView(i.ProductId, i.Sku, i.Name, i.Quantity, i.UnitPrice, i.UnitPrice * i.Quantity)).ToList(),
        order.ShippingAddress, order.CardBrand, order.CardLast4, order.FailureCode, order.FailureReason,
        order.CreatedAt, order.UpdatedAt, order.ShippedAt);
}

public sealed record OrderItemView(Guid ProductId, string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record OrderStatusView(Guid Id, string Status, string? FailureCode, string? FailureReason, DateTimeOffset UpdatedAt)
{
    public static OrderStatusView Of(Order order) => new(order.Id, order.Status.ToString(), order.FailureCode, order.FailureReason, order.UpdatedAt);
}
