using Vargo.Orders.Ordering;

namespace Vargo.Orders.Checkout;

/// <summary>
/// Crash points for kill-and-recover tests. A checkout can ask to kill the process at one of them with the
/// <see cref="Header"/> header, and the service honours it only when <c>Orders:Checkout:AllowFaultInjection</c>
/// is on (never in a normal configuration; the whole-system test fixture turns it on).
/// </summary>
public static class FaultInjection
{
    public const string Header = "Vargo-Crash-After";

    /// <summary>The order was saved StockReserved: stock held, no payment yet.</summary>
    public const string StockReserved = nameof(OrderStatus.StockReserved);

    /// <summary>Payment authorized the card but the order still says StockReserved: a hold the order does not know of.</summary>
    public const string AuthorizeCall = "AuthorizeCall";

    /// <summary>The order was saved PaymentAuthorized: stock held, card authorized, nothing captured.</summary>
    public const string PaymentAuthorized = nameof(OrderStatus.PaymentAuthorized);

    private static readonly string[] Points = [StockReserved, AuthorizeCall, PaymentAuthorized];

    /// <summary>The crash point this request asks for, or null when it asks for none or fault injection is off.</summary>
    public static string? Requested(HttpRequest request, CheckoutOptions options) =>
        options.AllowFaultInjection && request.Headers[Header].ToString() is { Length: > 0 } wanted
            ? Points.FirstOrDefault(p => p.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            : null;

    /// <summary>Dies without a clean shutdown, as a killed process would.</summary>
    public static void CrashIf(string? crashAfter, string point, Guid orderId)
    {
        if (string.Equals(crashAfter, point, StringComparison.OrdinalIgnoreCase))
        {
            Environment.FailFast($"Fault injection: crashing at {point} of order {orderId}.");
        }
    }
}
