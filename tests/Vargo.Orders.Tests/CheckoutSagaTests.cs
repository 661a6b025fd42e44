extern alias PaymentService;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Inventory.Grpc;
using Vargo.Messaging.Outbox;
using Vargo.Orders.Checkout;
using Vargo.Orders.Ordering;
using Vargo.Testing;
using PaymentStatus = PaymentService::Vargo.Payment.Payments.PaymentStatus;

namespace Vargo.Orders.Tests;

public sealed class CheckoutSagaTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_good_card_places_the_order_captures_commits_and_empties_the_cart()
    {
        // Pinned: the saga commits the stock itself only in this mode (by default Inventory commits on OrderPlaced).
        await using var harness = await CheckoutHarness.CreateAsync(fixture, o => o.CommitStockSynchronously = true);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 5, price: 19.99m);
        await harness.FillCartAsync(customer, (sku, 2));

        var result = await harness.CheckoutAsync(customer);

        var order = Assert.IsType<CheckoutResult.Finished>(result).Order;
        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(39.98m, order.Total);
        var payment = Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id));
        Assert.Equal((PaymentStatus.Captured, 39.98m), (payment.Status, payment.CapturedAmount));
        Assert.Equal(ReservationStatus.Committed, harness.Inventory.Reservations[order.Id.ToString()]);
        await using var db = harness.NewDbContext();
        Assert.False(await db.CartLines.AnyAsync(l => l.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains(await db.Set<OutboxMessage>().ToListAsync(cancellationToken: TestContext.Current.CancellationToken), m => m.EventType == "OrderPlaced" && m.Payload.Contains(order.Id.ToString()));
    }

    [Fact]
    public async Task By_default_a_placed_order_leaves_the_commit_to_its_OrderPlaced_event()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 5, price: 19.99m);
        await harness.FillCartAsync(customer, (sku, 2));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(PaymentStatus.Captured, Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id)).Status);
        // No CommitReservation call: the stock stays reserved (held, not sellable) until Inventory consumes OrderPlaced,
        // which was saved in the outbox in the same transaction as the Placed status.
        Assert.Equal(0, harness.Inventory.CommitCalls);
        Assert.Equal(ReservationStatus.Reserved, harness.Inventory.Reservations[order.Id.ToString()]);
        Assert.Equal(3, harness.Inventory.Available[sku]);
        await using var db = harness.NewDbContext();
        Assert.Contains(await db.Set<OutboxMessage>().ToListAsync(cancellationToken: TestContext.Current.CancellationToken), m => m.EventType == "OrderPlaced" && m.Payload.Contains(order.Id.ToString()));
    }

    [Fact]
    public async Task A_declined_card_ends_PaymentFailed_with_the_stock_released_and_the_cart_kept()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 1);
        await harness.FillCartAsync(customer, (sku, 1));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer, card: "4000000000000002")).Order;

        Assert.Equal(OrderStatus.PaymentFailed, order.Status);
        Assert.Equal("card_declined", order.FailureCode);
        Assert.Equal(ReservationStatus.Released, harness.Inventory.Reservations[order.Id.ToString()]);
        Assert.Equal(1, harness.Inventory.Available[sku]);
        Assert.DoesNotContain(await harness.Payment.PaymentsOfAsync(order.Id), p => p.CapturedAmount > 0);
        await using var db = harness.NewDbContext();
        Assert.True(await db.CartLines.AnyAsync(l => l.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Missing_stock_cancels_before_any_payment()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 1);
        await harness.FillCartAsync(customer, (sku, 2));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        Assert.Equal((OrderStatus.Cancelled, "out_of_stock"), (order.Status, order.FailureCode));
        Assert.Empty(await harness.Payment.PaymentsOfAsync(order.Id));
    }

    [Fact]
    public async Task The_same_key_creates_one_order()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.CheckoutAsync(customer, key: "one-key")));

        // Whatever the order in which the copies run: one creates the order; each other copy either finds the key
        // in flight or answers with that same order. None reads the cart the first one emptied.
        var order = Assert.Single(results.OfType<CheckoutResult.Finished>()).Order;
        Assert.All(results.Where(r => r is not CheckoutResult.Finished), r =>
            Assert.True(r is CheckoutResult.InFlight || (r is CheckoutResult.Replayed replayed && replayed.Order.Id == order.Id), r.ToString()));
        await using var db = harness.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_finished_key_answers_with_its_order_whatever_happened_to_the_cart()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));
        var first = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer, key: "k")).Order;

        var emptyCart = await harness.CheckoutAsync(customer, key: "k");
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 2));
        var refilledCart = await harness.CheckoutAsync(customer, key: "k");

        Assert.Equal((first.Id, OrderStatus.Placed), (Assert.IsType<CheckoutResult.Replayed>(emptyCart).Order.Id, first.Status));
        Assert.Equal(first.Id, Assert.IsType<CheckoutResult.Replayed>(refilledCart).Order.Id);
        await using var db = harness.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_key_whose_first_request_is_still_running_answers_in_flight()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));
        Assert.Equal(KeyClaim.Claimed, await harness.ClaimKeyAsync(customer, "k"));

        var result = await harness.CheckoutAsync(customer, key: "k");

        Assert.IsType<CheckoutResult.InFlight>(result);
        await using var db = harness.NewDbContext();
        Assert.False(await db.Orders.AnyAsync(o => o.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
        Assert.True(await db.CartLines.AnyAsync(l => l.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_key_whose_request_died_before_creating_an_order_is_taken_over_after_its_lease()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));
        await using (var db = harness.NewDbContext())
        {
            db.CheckoutKeys.Add(new CheckoutKey
            {
                CustomerId = customer, Key = "k", RequestHash = "from-a-request-that-died", CreatedAt = DateTimeOffset.UnixEpoch, ClaimedUntil = DateTimeOffset.UnixEpoch
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer, key: "k")).Order;

        Assert.Equal(OrderStatus.Placed, order.Status);
    }

    [Fact]
    public async Task A_checkout_that_creates_no_order_gives_its_key_back()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();

        var empty = await harness.CheckoutAsync(customer, key: "k");
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));
        var filled = await harness.CheckoutAsync(customer, key: "k");

        Assert.Equal("cart", Assert.IsType<CheckoutResult.Invalid>(empty).Field);
        Assert.Equal(OrderStatus.Placed, Assert.IsType<CheckoutResult.Finished>(filled).Order.Status);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 5), 1));
        Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer, key: "k"));

        Assert.IsType<CheckoutResult.KeyReused>(await harness.CheckoutAsync(customer, card: "5555555555554444", key: "k"));
    }

    [Fact]
    public async Task Recovery_captures_an_authorized_order_whose_checkout_lost_payment()
    {
        // Pinned: the saga commits the stock itself only in this mode (by default Inventory commits on OrderPlaced).
        await using var harness = await CheckoutHarness.CreateAsync(fixture, o => o.CommitStockSynchronously = true);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 3);
        await harness.FillCartAsync(customer, (sku, 1));
        var order = await AuthorizedButStuckAsync(harness, customer);

        harness.Payment.Down = false;
        await harness.ExpireLeaseAsync(order.Id);
        await harness.Recovery.RecoverAsync(CancellationToken.None);

        var recovered = await harness.OrderAsync(order.Id);
        Assert.Equal(OrderStatus.Placed, recovered.Status);
        Assert.Equal(PaymentStatus.Captured, Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id)).Status);
        Assert.Equal(ReservationStatus.Committed, harness.Inventory.Reservations[order.Id.ToString()]);
    }

    [Fact]
    public async Task A_checkout_killed_with_its_stock_reserved_is_found_Pending_and_recovery_gives_the_stock_back()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 3, price: 7m);
        await harness.FillCartAsync(customer, (sku, 2));
        harness.Faults.CrashAt = CheckoutFaults.StockReserved;

        await Assert.ThrowsAsync<Microsoft.Extensions.Hosting.SimulatedCrashException>(() => harness.CheckoutAsync(customer));

        // With a payment to take, StockReserved is not saved: the stored order says Pending while Inventory holds its stock.
        var stranded = await harness.OrderAsync(await OnlyOrderIdAsync(harness, customer));
        Assert.Equal(OrderStatus.Pending, stranded.Status);
        Assert.Equal(ReservationStatus.Reserved, harness.Inventory.Reservations[stranded.Id.ToString()]);
        harness.Faults.CrashAt = null;
        await harness.ExpireLeaseAsync(stranded.Id);
        await harness.Recovery.RecoverAsync(CancellationToken.None);

        var recovered = await harness.OrderAsync(stranded.Id);
        Assert.Equal((OrderStatus.Cancelled, "checkout_interrupted"), (recovered.Status, recovered.FailureCode));
        Assert.Equal(ReservationStatus.Released, harness.Inventory.Reservations[stranded.Id.ToString()]);
        Assert.Equal(3, harness.Inventory.Available[sku]);
        Assert.Empty(await harness.Payment.PaymentsOfAsync(stranded.Id));
    }

    private static async Task<Guid> OnlyOrderIdAsync(CheckoutHarness harness, Guid customer)
    {
        await using var db = harness.NewDbContext();
        return await db.Orders.Where(o => o.CustomerId == customer).Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_sale_places_the_order_with_one_payment_call_and_no_PaymentAuthorized_step()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture, o => o.AuthorizeAndCapture = true);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 4, price: 12.5m);
        await harness.FillCartAsync(customer, (sku, 2));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        Assert.Equal(OrderStatus.Placed, order.Status);
        var payment = Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id));
        Assert.Equal((PaymentStatus.Captured, 25m, payment.Id), (payment.Status, payment.CapturedAmount, order.PaymentId!.Value));
        await using var payments = harness.Payment.NewDbContext();
        // One call: one idempotency record, the sale's.
        Assert.Equal([$"order-{order.Id}-sale"], await payments.IdempotencyRecords.Where(r => r.PaymentId == payment.Id).Select(r => r.Key).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_sale_whose_answer_is_lost_before_the_order_saves_it_is_refunded_by_recovery()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture, o => o.AuthorizeAndCapture = true);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 3, price: 9m);
        await harness.FillCartAsync(customer, (sku, 1));
        // Payment captured the money and answered; Orders dies before it saves anything about it.
        harness.Faults.CrashAt = CheckoutFaults.AuthorizeCall;

        await Assert.ThrowsAsync<Microsoft.Extensions.Hosting.SimulatedCrashException>(() => harness.CheckoutAsync(customer));

        var stranded = await harness.OrderAsync(await OnlyOrderIdAsync(harness, customer));
        Assert.Equal((OrderStatus.Pending, null), (stranded.Status, stranded.PaymentId));
        Assert.Equal(PaymentStatus.Captured, Assert.Single(await harness.Payment.PaymentsOfAsync(stranded.Id)).Status);
        harness.Faults.CrashAt = null;
        await harness.ExpireLeaseAsync(stranded.Id);
        await harness.Recovery.RecoverAsync(CancellationToken.None);

        var recovered = await harness.OrderAsync(stranded.Id);
        Assert.Equal((OrderStatus.Cancelled, "checkout_interrupted"), (recovered.Status, recovered.FailureCode));
        var refunded = Assert.Single(await harness.Payment.PaymentsOfAsync(stranded.Id));
        Assert.Equal((PaymentStatus.Refunded, 9m, 9m), (refunded.Status, refunded.CapturedAmount, refunded.RefundedAmount));
        Assert.Equal(ReservationStatus.Released, harness.Inventory.Reservations[stranded.Id.ToString()]);
        Assert.Equal(3, harness.Inventory.Available[sku]);

        // Recovery running again (another replica, a redelivery) refunds nothing twice.
        await harness.ExpireLeaseAsync(stranded.Id);
        await harness.Recovery.RecoverAsync(CancellationToken.None);
        Assert.Equal(9m, Assert.Single(await harness.Payment.PaymentsOfAsync(stranded.Id)).RefundedAmount);
    }

    [Fact]
    public async Task Recovery_voids_an_authorized_order_whose_stock_expired()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 3), 1));
        var order = await AuthorizedButStuckAsync(harness, customer);

        harness.Payment.Down = false;
        harness.Inventory.Reservations[order.Id.ToString()] = ReservationStatus.Expired;
        await harness.ExpireLeaseAsync(order.Id);
        await harness.Recovery.RecoverAsync(CancellationToken.None);

        var recovered = await harness.OrderAsync(order.Id);
        Assert.Equal((OrderStatus.Cancelled, "reservation_expired"), (recovered.Status, recovered.FailureCode));
        Assert.Equal(PaymentStatus.Voided, Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id)).Status);
    }

    [Fact]
    public async Task Recovery_leaves_an_order_alone_while_its_checkout_holds_the_lease()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 3), 1));
        var order = await AuthorizedButStuckAsync(harness, customer);

        harness.Payment.Down = false;
        await harness.Recovery.RecoverAsync(CancellationToken.None);

        Assert.Equal(OrderStatus.PaymentAuthorized, (await harness.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task Cancelling_a_placed_order_refunds_and_publishes_OrderCancelled()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 3, price: 5m), 2));
        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        var (stranger, _) = await harness.InScopeAsync(sp => sp.GetRequiredService<OrderChanges>().CancelAsync(order.Id, Guid.NewGuid(), default));
        var (owner, cancelled) = await harness.InScopeAsync(sp => sp.GetRequiredService<OrderChanges>().CancelAsync(order.Id, customer, default));

        Assert.Equal(OrderChangeOutcome.NotFound, stranger);
        Assert.Equal(OrderChangeOutcome.Done, owner);
        Assert.Equal(OrderStatus.Cancelled, cancelled!.Status);
        var payment = Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id));
        Assert.Equal((PaymentStatus.Refunded, 10m), (payment.Status, payment.RefundedAmount));
        await using var db = harness.NewDbContext();
        Assert.Contains(await db.Set<OutboxMessage>().ToListAsync(cancellationToken: TestContext.Current.CancellationToken), m => m.EventType == "OrderCancelled" && m.Payload.Contains(order.Id.ToString()));
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(units: 3), 1));
        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        await harness.InScopeAsync(sp => sp.GetRequiredService<OrderChanges>().MarkShippedAsync(order.Id, default));
        var (outcome, _) = await harness.InScopeAsync(sp => sp.GetRequiredService<OrderChanges>().CancelAsync(order.Id, customer, default));

        Assert.Equal(OrderChangeOutcome.Conflict, outcome);
        Assert.Equal(PaymentStatus.Captured, Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id)).Status);
    }

    /// <summary>
    /// Checkout whose payment service vanishes after the authorization: the capture fails and so does the
    /// compensation, so the order is left PaymentAuthorized with money held, as after a crash at that point.
    /// </summary>
    private static async Task<Order> AuthorizedButStuckAsync(CheckoutHarness harness, Guid customer)
    {
        harness.Payment.GoDownAfterAuthorize = true;
        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;
        Assert.Equal(OrderStatus.PaymentAuthorized, (await harness.OrderAsync(order.Id)).Status);
        harness.Payment.Down = false;
        Assert.Equal(PaymentStatus.Authorized, Assert.Single(await harness.Payment.PaymentsOfAsync(order.Id)).Status);
        harness.Payment.Down = true;
        return order;
    }
}
