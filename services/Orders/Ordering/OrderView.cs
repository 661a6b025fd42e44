using Vargo.Iso;
using Vargo.Orders.Checkout;

namespace Vargo.Orders.Ordering;

/// <summary>
/// An order as its customer sees it. Amounts are in <see cref="Currency"/> (ISO 4217), never more decimals than
/// it has. <see cref="FailureCode"/> says why a failed order failed; <see cref="Retryable"/> is true only when the
/// same checkout may succeed later (a peer was down), false for final refusals (declined card, amount over the
/// processor's limit, out of stock). <see cref="Refunded"/> is what Payment gave back for the order so far (null when
/// nothing), in the order's currency.
/// </summary>
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
    DateTimeOffset? ShippedAt,
    OrderMoney? Refunded)
{
    public bool Retryable => OrderFailureCodes.IsTransient(FailureCode);

    // numeric(19,4) hands amounts back with 4 decimals; they are shown in the currency's scale (39.98 USD, 500 JPY).
    public static OrderView Of(Order order) => new(
        order.Id, order.Status.ToString(), Currencies.InCurrencyScale(order.Total, order.Currency), order.Currency,
        order.Items.Select(i => new OrderItemView(i.ProductId, i.Sku, i.Name, i.Quantity, Currencies.InCurrencyScale(i.UnitPrice, order.Currency),
            Currencies.InCurrencyScale(i.UnitPrice * i.Quantity, order.Currency))).ToList(),
        order.ShippingAddress, order.CardBrand, order.CardLast4, order.FailureCode, order.FailureReason,
        order.CreatedAt, order.UpdatedAt, order.ShippedAt,
        order.RefundedAmount > 0 ? new OrderMoney(Currencies.InCurrencyScale(order.RefundedAmount, order.Currency), order.Currency) : null);
}

/// <summary>An amount with its ISO 4217 currency.</summary>
public sealed record OrderMoney(decimal Amount, string Currency);

public sealed record OrderItemView(Guid ProductId, string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record OrderStatusView(Guid Id, string Status, string? FailureCode, string? FailureReason, DateTimeOffset UpdatedAt)
{
    /// <summary>See <see cref="OrderView.Retryable"/>.</summary>
    public bool Retryable => OrderFailureCodes.IsTransient(FailureCode);

    public static OrderStatusView Of(Order order) => new(order.Id, order.Status.ToString(), order.FailureCode, order.FailureReason, order.UpdatedAt);
}
