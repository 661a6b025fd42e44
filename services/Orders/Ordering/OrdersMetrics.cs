using System.Diagnostics.Metrics;

namespace Vargo.Orders.Ordering;

/// <summary>
/// Orders' business metrics (meter <c>Vargo.Orders</c>, exported by ServiceDefaults' <c>Vargo.*</c> filter).
/// Reasons are the order's failure codes (a closed set: <see cref="Checkout.OrderFailureCodes"/> and Payment's decline codes).
/// See docs/operations.md.
/// </summary>
public sealed class OrdersMetrics
{
    public const string MeterName = "Vargo.Orders";

    private readonly Counter<long> _placed;
    private readonly Counter<long> _cancelled;
    private readonly Histogram<double> _checkoutDuration;

    public OrdersMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _placed = meter.CreateCounter<long>("vargo.orders.placed", "{order}", "Orders placed (paid, or nothing to pay), by currency.");
        _cancelled = meter.CreateCounter<long>("vargo.orders.cancelled", "{order}",
            "Orders that ended without a sale (Cancelled or PaymentFailed), by status and reason code.");
        _checkoutDuration = meter.CreateHistogram("vargo.orders.checkout.duration", "s",
            "Time from a checkout request to its answer, by outcome (placed, cancelled, payment_failed, open, refused, replayed, in_flight).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30] });
    }

    public void Placed(Order order) => _placed.Add(1, new KeyValuePair<string, object?>("vargo.currency", order.Currency));

    public void Cancelled(OrderStatus status, string reason) => _cancelled.Add(1,
        new KeyValuePair<string, object?>("vargo.order.status", status == OrderStatus.PaymentFailed ? "payment_failed" : "cancelled"),
        new KeyValuePair<string, object?>("vargo.order.reason", reason));

    public void CheckoutFinished(TimeSpan elapsed, string outcome) =>
        _checkoutDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("vargo.checkout.outcome", outcome));
}
