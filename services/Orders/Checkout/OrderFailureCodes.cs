namespace Vargo.Orders.Checkout;

/// <summary>
/// The codes an order ends with (<c>failureCode</c>), split by what a retry can change. Transient ones mean
/// "nothing was charged, the same checkout may succeed later" (a peer was down, the checkout was interrupted,
/// the card processor had a hiccup). Every other code is final: the same cart and card will be refused again
/// (card declined, amount over the processor's limit, nothing to charge, out of stock), so the customer is
/// never told to "try again" for those. Payment's codes (<c>card_declined</c>, <c>amount_too_large</c>, …) pass through.
/// </summary>
public static class OrderFailureCodes
{
    public const string InventoryUnavailable = "inventory_unavailable";
    public const string PaymentUnavailable = "payment_unavailable";
    public const string CheckoutInterrupted = "checkout_interrupted";
    /// <summary>Payment's code for a processor error that a new attempt may not meet.</summary>
    public const string ProcessingError = "processing_error";

    public const string OutOfStock = "out_of_stock";
    public const string ReservationExpired = "reservation_expired";
    /// <summary>Payment refused the request itself (gRPC InvalidArgument and the like): final, not a decline.</summary>
    public const string PaymentRefused = "payment_refused";

    private static readonly HashSet<string> Transient = [InventoryUnavailable, PaymentUnavailable, CheckoutInterrupted, ProcessingError];

    /// <summary>True when the same checkout may succeed on a later attempt.</summary>
    public static bool IsTransient(string? code) => code is not null && Transient.Contains(code);
}
