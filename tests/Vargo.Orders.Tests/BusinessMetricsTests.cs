extern alias PaymentService;

using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vargo.Orders.Checkout;
using Vargo.Orders.Ordering;
using Vargo.Testing;
using PaymentMetrics = PaymentService::Vargo.Payment.Payments.PaymentMetrics;

namespace Vargo.Orders.Tests;

/// <summary>
/// The business metrics as the dashboard receives them: an in-process listener on the harness's meter factory while the
/// real checkout saga runs against the real Payment code.
/// </summary>
public sealed class BusinessMetricsTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Checkouts_count_placed_and_cancelled_orders_by_reason_and_time_the_checkout()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        using var placed = new MetricCollector<long>(harness.Meters, OrdersMetrics.MeterName, "vargo.orders.placed");
        using var cancelled = new MetricCollector<long>(harness.Meters, OrdersMetrics.MeterName, "vargo.orders.cancelled");
        using var duration = new MetricCollector<double>(harness.Meters, OrdersMetrics.MeterName, "vargo.orders.checkout.duration");
        using var authorized = new MetricCollector<long>(harness.Meters, PaymentMetrics.MeterName, "vargo.payments.authorized");
        using var declined = new MetricCollector<long>(harness.Meters, PaymentMetrics.MeterName, "vargo.payments.declined");

        var good = Guid.NewGuid();
        await harness.FillCartAsync(good, (harness.Stock(units: 5, price: 12.5m), 1));
        Assert.Equal(OrderStatus.Placed, Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(good)).Order.Status);
        var declinedCard = Guid.NewGuid();
        await harness.FillCartAsync(declinedCard, (harness.Stock(units: 5), 1));
        await harness.CheckoutAsync(declinedCard, card: "4000000000000002");
        var shortOfStock = Guid.NewGuid();
        await harness.FillCartAsync(shortOfStock, (harness.Stock(units: 1), 2));
        await harness.CheckoutAsync(shortOfStock);

        var placedOrder = Assert.Single(placed.GetMeasurementSnapshot());
        Assert.Equal(("EUR", 1L), (placedOrder.Tags["vargo.currency"], placedOrder.Value));
        Assert.Equal(
            [("payment_failed", "card_declined"), ("cancelled", "out_of_stock")],
            cancelled.GetMeasurementSnapshot().Select(m => ((string)m.Tags["vargo.order.status"]!, (string)m.Tags["vargo.order.reason"]!)));
        Assert.Equal(["placed", "payment_failed", "cancelled"],
            duration.GetMeasurementSnapshot().Select(m => (string)m.Tags["vargo.checkout.outcome"]!));
        Assert.All(duration.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
        Assert.Equal(1, authorized.GetMeasurementSnapshot().EvaluateAsCounter());
        var decline = Assert.Single(declined.GetMeasurementSnapshot());
        Assert.Equal(("authorize", "card_declined"), (decline.Tags["vargo.payment.operation"], decline.Tags["vargo.payment.code"]));
    }

    [Fact]
    public async Task A_replayed_checkout_is_timed_but_counts_no_second_order_or_payment()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        using var placed = new MetricCollector<long>(harness.Meters, OrdersMetrics.MeterName, "vargo.orders.placed");
        using var duration = new MetricCollector<double>(harness.Meters, OrdersMetrics.MeterName, "vargo.orders.checkout.duration");
        using var authorized = new MetricCollector<long>(harness.Meters, PaymentMetrics.MeterName, "vargo.payments.authorized");
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));

        await harness.CheckoutAsync(customer, key: "k");
        Assert.IsType<CheckoutResult.Replayed>(await harness.CheckoutAsync(customer, key: "k"));

        Assert.Equal(1, placed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, authorized.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(["placed", "replayed"], duration.GetMeasurementSnapshot().Select(m => (string)m.Tags["vargo.checkout.outcome"]!));
    }
}
