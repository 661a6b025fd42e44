namespace Vargo.Messaging.Contracts;

// Money is decimal with an ISO 4217 currency code, always.

/// <summary>Auth: a new account exists. Notification sends the welcome email.</summary>
public sealed record UserRegistered(Guid UserId, string Email, string DisplayName) : IntegrationEvent;

/// <summary>Catalog: a product was created or changed (any status). Recommendation re-embeds it.</summary>
public sealed record ProductUpserted(
    Guid ProductId,
    string Sku,
    string Name,
    string Slug,
    string? Description,
    string? Brand,
    Guid CategoryId,
    string CategoryPath,
    decimal Price,
    string Currency,
    string Status,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ProductVariantSummary> Variants) : IntegrationEvent;

public sealed record ProductVariantSummary(string Sku, decimal Price, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// Orders: checkout succeeded (stock reserved, payment captured). Inventory commits the reservation,
/// Notification confirms, Recommendation updates the buyer's profile.
/// </summary>
public sealed record OrderPlaced(
    Guid OrderId,
    Guid CustomerId,
    string CustomerEmail,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    string Currency) : IntegrationEvent;

public sealed record OrderLine(Guid ProductId, string Sku, string Name, int Quantity, decimal UnitPrice);

/// <summary>Orders: an order was cancelled (by the customer, an admin, or a failed/expired checkout).</summary>
public sealed record OrderCancelled(
    Guid OrderId,
    Guid CustomerId,
    string CustomerEmail,
    string Reason,
    IReadOnlyList<OrderLine> Lines) : IntegrationEvent;

/// <summary>Payment: money was captured for an order.</summary>
public sealed record PaymentSucceeded(Guid PaymentId, Guid OrderId, Guid CustomerId, decimal Amount, string Currency) : IntegrationEvent;

/// <summary>
/// Payment: money was given back for an order (an admin's refund or Orders' own compensation), published in the
/// refund's transaction. <see cref="Amount"/> is what this refund returned, <see cref="TotalRefunded"/> what the
/// payment has returned so far (both in <see cref="Currency"/>); <see cref="FullyRefunded"/> is true once nothing
/// captured is left. Orders records it on the order; Notification tells the customer.
/// </summary>
public sealed record PaymentRefunded(
    Guid PaymentId,
    Guid OrderId,
    Guid CustomerId,
    string CustomerEmail,
    decimal Amount,
    decimal TotalRefunded,
    string Currency,
    bool FullyRefunded) : IntegrationEvent;

/// <summary>
/// Payment: an authorization or capture failed. Orders cancels the order if still open; Notification alerts
/// the customer. <see cref="ReasonCode"/> is stable (card_declined, insufficient_funds, processing_error, …).
/// </summary>
public sealed record PaymentFailed(
    Guid? PaymentId,
    Guid OrderId,
    Guid CustomerId,
    string CustomerEmail,
    decimal Amount,
    string Currency,
    string ReasonCode,
    string Reason) : IntegrationEvent;

/// <summary>Inventory: a reservation was not committed within its time to live; its units are available again.</summary>
public sealed record StockReservationExpired(Guid OrderId, IReadOnlyList<ReservedStock> Lines) : IntegrationEvent;

public sealed record ReservedStock(string Sku, int Quantity);
