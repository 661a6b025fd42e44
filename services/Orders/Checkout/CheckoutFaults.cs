using Vargo.Orders.Ordering;

namespace Vargo.Orders.Checkout;

/// <summary>
/// The checkout's fault points: the saga passes each to <see cref="Microsoft.Extensions.Hosting.IFaultInjector"/>, which
/// does nothing in production. Kill-and-recover tests crash Orders at one of them and check that recovery ends the order.
/// </summary>
public static class CheckoutFaults
{
    /// <summary>
    /// Stock held, no payment yet. The order is saved StockReserved only when it has nothing to pay; with a payment to
    /// take it still says Pending in the database here (recovery treats both alike: it compensates).
    /// </summary>
    public const string StockReserved = nameof(OrderStatus.StockReserved);

    /// <summary>
    /// Payment authorized the card (with <see cref="CheckoutOptions.AuthorizeAndCapture"/>: captured the money) but the order
    /// has not saved it: a hold or a charge the order does not know of, which recovery voids or refunds.
    /// </summary>
    public const string AuthorizeCall = "AuthorizeCall";

    /// <summary>The order was saved PaymentAuthorized: stock held, card authorized, nothing captured.</summary>
    public const string PaymentAuthorized = nameof(OrderStatus.PaymentAuthorized);

    /// <summary>
    /// Payment answered a call and the answer is on its way back (the Payment gRPC client's pipeline): a test makes the
    /// network slow here (<c>Vargo-Slow-Call: PaymentCall</c>), past the step's deadline, after Payment acted.
    /// </summary>
    public const string PaymentCall = "PaymentCall";
}
