using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Orders.Apis;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Events;
using Vargo.Orders.Ordering;
using Vargo.Testing;

namespace Vargo.Orders.Tests;

/// <summary>PaymentRefunded reaches the order: the amount is recorded, a full refund ends it Refunded and unshippable.</summary>
public sealed class RefundRecordingTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Partial_refunds_keep_the_order_placed_and_the_last_one_makes_it_Refunded_and_unshippable()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var order = await PlacedOrderAsync(harness, price: 10m, quantity: 3);

        await HandleAsync(harness, Refunded(order, amount: 10m, total: 10m, full: false));
        var partly = await harness.OrderAsync(order.Id);
        await HandleAsync(harness, Refunded(order, amount: 20m, total: 30m, full: true));
        var fully = await harness.OrderAsync(order.Id);
        var ship = await harness.InScopeAsync(sp => OrdersApi.MarkShipped(order.Id, sp.GetRequiredService<OrderChanges>(), default));

        Assert.Equal((OrderStatus.Placed, 10m), (partly.Status, partly.RefundedAmount));
        Assert.Equal(new OrderMoney(10.00m, "EUR"), OrderView.Of(partly).Refunded);
        Assert.Equal((OrderStatus.Refunded, 30m), (fully.Status, fully.RefundedAmount));
        var problem = Assert.IsType<ProblemHttpResult>(ship.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal(OrderStatus.Refunded, (await harness.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task The_same_event_twice_or_an_older_one_late_changes_the_order_once()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var order = await PlacedOrderAsync(harness, price: 10m, quantity: 2);
        var first = Refunded(order, amount: 5m, total: 5m, full: false);
        var second = Refunded(order, amount: 15m, total: 20m, full: true);

        await HandleAsync(harness, second);
        var after = await harness.OrderAsync(order.Id);
        await HandleAsync(harness, second);
        await HandleAsync(harness, first);
        var again = await harness.OrderAsync(order.Id);

        Assert.Equal((OrderStatus.Refunded, 20m), (after.Status, after.RefundedAmount));
        Assert.Equal((after.Status, after.RefundedAmount, after.UpdatedAt), (again.Status, again.RefundedAmount, again.UpdatedAt));
    }

    [Fact]
    public async Task The_refund_of_a_cancellation_records_the_amount_and_the_order_stays_Cancelled()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var order = await PlacedOrderAsync(harness, price: 5m, quantity: 2, customer);
        await harness.InScopeAsync(sp => sp.GetRequiredService<OrderChanges>().CancelAsync(order.Id, customer, default));

        // The event Payment really stored with the compensation's refund.
        await using (var payments = harness.Payment.NewDbContext())
        {
            var stored = await payments.Set<OutboxMessage>().SingleAsync(m => m.EventType == nameof(PaymentRefunded), TestContext.Current.CancellationToken);
            await HandleAsync(harness, JsonSerializer.Deserialize<PaymentRefunded>(stored.Payload, JsonSerializerOptions.Web)!);
        }

        var cancelled = await harness.OrderAsync(order.Id);
        Assert.Equal((OrderStatus.Cancelled, 10m), (cancelled.Status, cancelled.RefundedAmount));
    }

    [Fact]
    public async Task A_refund_in_another_currency_than_the_orders_is_not_recorded()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var order = await PlacedOrderAsync(harness, price: 10m, quantity: 1);

        await HandleAsync(harness, Refunded(order, amount: 10m, total: 10m, full: true) with { Currency = "USD" });

        var unchanged = await harness.OrderAsync(order.Id);
        Assert.Equal((OrderStatus.Placed, 0m), (unchanged.Status, unchanged.RefundedAmount));
        Assert.Null(OrderView.Of(unchanged).Refunded);
    }

    private static async Task<Order> PlacedOrderAsync(CheckoutHarness harness, decimal price, int quantity, Guid? customer = null)
    {
        var buyer = customer ?? Guid.NewGuid();
        await harness.FillCartAsync(buyer, (harness.Stock(units: 10, price: price), quantity));
        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(buyer)).Order;
        Assert.Equal(OrderStatus.Placed, order.Status);
        return order;
    }

    private static PaymentRefunded Refunded(Order order, decimal amount, decimal total, bool full) =>
        new(order.PaymentId!.Value, order.Id, order.CustomerId, order.CustomerEmail, amount, total, order.Currency, full) { OccurredAt = DateTimeOffset.UtcNow };

    /// <summary>As the inbox runs a handler: in a transaction on the scope's context, saved and committed after it.</summary>
    private static Task HandleAsync(CheckoutHarness harness, PaymentRefunded @event) =>
        harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OrdersDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await new RecordRefundWhenPaymentRefunded(db, TimeProvider.System, NullLogger<RecordRefundWhenPaymentRefunded>.Instance).HandleAsync(@event, default);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return 0;
        });
}
