using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Inventory.Grpc;
using Vargo.Iso;
using Vargo.Orders.Catalog;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Checkout;

public abstract record CheckoutResult
{
    public sealed record Invalid(string Field, string Message) : CheckoutResult;
    public sealed record Unavailable(string Message) : CheckoutResult;
    /// <summary>Another request with the same key is still running; the client should ask again shortly.</summary>
    public sealed record InFlight : CheckoutResult;
    /// <summary>The key was used before with a different request body.</summary>
    public sealed record KeyReused : CheckoutResult;
    /// <summary>The key already created this order: its outcome is the answer, whatever happened to the cart since.</summary>
    public sealed record Replayed(Order Order) : CheckoutResult;
    public sealed record Finished(Order Order) : CheckoutResult;
}

/// <summary>
/// The orchestrated checkout: price from the catalog → order Pending → ReserveStock → Authorize → Capture →
/// Placed (cart emptied, OrderPlaced in the outbox; Inventory commits the stock when it consumes that event). The order's
/// status is saved after every step whose outcome recovery needs (Pending, PaymentAuthorized, Placed; StockReserved only
/// for a zero-total order); on any
/// failure what was taken is given back (void or refund, release) and the order ends PaymentFailed or
/// Cancelled with the reason. When even compensation cannot reach a service, the order stays open and its
/// lease runs out: <see cref="RecoveryWorker"/> then finishes it with <see cref="ResumeAsync"/>.
/// Steps after the order exists ignore the HTTP request's cancellation: a customer closing the tab must not
/// strand a half-done checkout (each call has its own deadline instead).
/// </summary>
public sealed class CheckoutSaga(
    OrdersDbContext db,
    CheckoutKeys keys,
    CatalogPrices catalog,
    SagaSteps steps,
    OrderEvents events,
    OrdersMetrics metrics,
    IOptions<CheckoutOptions> options,
    IFaultInjector faults,
    TimeProvider time,
    ILogger<CheckoutSaga> logger)
{
    /// <summary>
    /// Claims the Idempotency-Key, then checks the cart out. The key is claimed before the cart is read, so a copy
    /// of the request never sees the cart the first one emptied: it gets <see cref="CheckoutResult.InFlight"/>
    /// while the first runs and <see cref="CheckoutResult.Replayed"/> after it created its order.
    /// </summary>
    public async Task<CheckoutResult> StartAsync(Guid customerId, string email, string idempotencyKey, string requestHash,
        CheckoutRequest request, ServerTiming timing, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = await CheckOutAsync(customerId, email, idempotencyKey, requestHash, request, timing, cancellationToken);
        metrics.CheckoutFinished(time.GetElapsedTime(started), result switch
        {
            CheckoutResult.Finished { Order.Status: OrderStatus.Placed } => "placed",
            CheckoutResult.Finished { Order.Status: OrderStatus.Cancelled } => "cancelled",
            CheckoutResult.Finished { Order.Status: OrderStatus.PaymentFailed } => "payment_failed",
            // Compensation could not reach a peer: recovery finishes the order later.
            CheckoutResult.Finished => "open",
            CheckoutResult.Replayed => "replayed",
            CheckoutResult.InFlight => "in_flight",
            _ => "refused"
        });
        return result;
    }

    private async Task<CheckoutResult> CheckOutAsync(Guid customerId, string email, string idempotencyKey, string requestHash,
        CheckoutRequest request, ServerTiming timing, CancellationToken cancellationToken)
    {
        var (claim, existing) = await keys.ClaimAsync(customerId, idempotencyKey, requestHash, cancellationToken);
        switch (claim)
        {
            case KeyClaim.Reused:
                return new CheckoutResult.KeyReused();
            case KeyClaim.InFlight:
                return new CheckoutResult.InFlight();
            case KeyClaim.Used:
                var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == existing, cancellationToken);
                // An open order whose lease still runs is being driven by the request that created it.
                return order.IsOpen && order.LeaseUntil > time.GetUtcNow() ? new CheckoutResult.InFlight() : new CheckoutResult.Replayed(order);
        }

        CheckoutResult result;
        try
        {
            result = await CreateOrderAsync(customerId, email, idempotencyKey, requestHash, request, timing, cancellationToken);
        }
        catch
        {
            await keys.ReleaseAsync(customerId, idempotencyKey);
            throw;
        }
        if (result is not CheckoutResult.Finished { Order: var created })
        {
            await keys.ReleaseAsync(customerId, idempotencyKey);
            return result;
        }

        var card = request.Card!;
        try
        {
            await RunAsync(created, new CheckoutCard(card.Number!, card.ExpMonth, card.ExpYear, card.Cvc!, card.HolderName), timing);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // Even compensation failed: the order stays open and recovery finishes it once the lease runs out.
            logger.LogWarning(ex, "Checkout of order {OrderId} stopped at {Status}; recovery will finish it", created.Id, created.Status);
        }
        return result;
    }

    /// <summary>Prices the cart and saves the order Pending (with the key's claim pointing at it), or says why not.</summary>
    private async Task<CheckoutResult> CreateOrderAsync(Guid customerId, string email, string idempotencyKey, string requestHash,
        CheckoutRequest request, ServerTiming timing, CancellationToken cancellationToken)
    {
        var cart = await db.CartLines.AsNoTracking().Where(l => l.CustomerId == customerId).OrderBy(l => l.AddedAt).ToListAsync(cancellationToken);
        if (cart.Count == 0)
        {
            return new CheckoutResult.Invalid("cart", "The cart is empty.");
        }

        IReadOnlyDictionary<string, PricedSku> prices;
        using (timing.Step("catalog"))
        {
            prices = await catalog.GetAsync(cart.Select(l => l.Sku), cancellationToken);
        }
        var unavailable = cart.Where(l => !prices.TryGetValue(l.Sku, out var price) || !price.Purchasable).Select(l => l.Sku).ToList();
        if (unavailable.Count > 0)
        {
            return new CheckoutResult.Unavailable($"No longer for sale: {string.Join(", ", unavailable)}. Remove them from the cart.");
        }
        var currencies = cart.Select(l => prices[l.Sku].Currency).Distinct().ToList();
        if (currencies.Count > 1)
        {
            return new CheckoutResult.Unavailable("The cart mixes currencies; check out one currency at a time.");
        }
        // The catalog validates prices on the way in; a price it still hands out that its currency cannot carry
        // (old data, an unknown code) is refused here rather than rounded into a charge.
        if (cart.Select(l => prices[l.Sku]).FirstOrDefault(p => Currencies.Check(p.UnitPrice, p.Currency) is not null) is { } badPrice)
        {
            return new CheckoutResult.Unavailable($"'{badPrice.Sku}' has no valid price right now ({Currencies.Check(badPrice.UnitPrice, badPrice.Currency)}).");
        }

        var now = time.GetUtcNow();
        var address = request.ShippingAddress!;
        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            CustomerEmail = email,
            Status = OrderStatus.Pending,
            Currency = currencies[0],
            Items = cart.Select(l => prices[l.Sku]).Zip(cart, (price, line) => new OrderItem
            {
                ProductId = price.ProductId, Sku = price.Sku, Name = price.Name, Quantity = line.Quantity, UnitPrice = price.UnitPrice
            }).ToList(),
            ShippingAddress = new ShippingAddress(address.Name!, address.Line1!, address.Line2, address.City!, address.PostalCode!, address.Country!),
            IdempotencyKey = idempotencyKey,
            RequestHash = requestHash,
            CreatedAt = now,
            UpdatedAt = now,
            LeaseUntil = now + options.Value.Lease
        };
        order.Total = order.Items.Sum(i => i.UnitPrice * i.Quantity);

        db.Orders.Add(order);
        keys.AttachOrder(customerId, idempotencyKey, requestHash, order.Id);
        using (timing.Step("order"))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return new CheckoutResult.Finished(order);
    }

    private async Task RunAsync(Order order, CheckoutCard card, ServerTiming timing)
    {
        ReserveStockReply reserve;
        try
        {
            using (timing.Step("reserve"))
            {
                reserve = await steps.ReserveStockAsync(order);
            }
        }
        catch (RpcException ex)
        {
            logger.LogWarning(ex, "ReserveStock failed for order {OrderId}", order.Id);
            await CompensateAsync(order, OrderStatus.Cancelled, OrderFailureCodes.InventoryUnavailable, "Stock could not be reserved right now. Nothing was charged; please try again.", timing);
            return;
        }
        if (!reserve.Reserved)
        {
            var missing = string.Join(", ", reserve.Shortfalls.Select(s => $"{s.Sku} ({s.Available} left)"));
            await FinishAsync(order, OrderStatus.Cancelled, OrderFailureCodes.OutOfStock, $"Not enough stock: {missing}. Nothing was charged.");
            return;
        }
        if (order.Total == 0)
        {
            // Nothing to charge (every line priced 0): no card payment at all, the order is placed as is.
            // Asking Payment to authorize zero would only be declined (amount_too_small). StockReserved is saved: recovery
            // places a zero-total order found StockReserved.
            await AdvanceAsync(order, OrderStatus.StockReserved);
            await PlaceAsync(order, timing);
            return;
        }
        // With a payment to take, StockReserved is not saved (one transaction less per checkout): recovery handles an order
        // found Pending exactly as one found StockReserved (it compensates: voids or refunds whatever Payment holds for the
        // order, releases the reservation), so the save bought no recovery decision. It is saved with the next status.
        order.Status = OrderStatus.StockReserved;
        order.UpdatedAt = time.GetUtcNow();
        await faults.AtAsync(CheckoutFaults.StockReserved);

        // A sale (Orders:Checkout:AuthorizeAndCapture): one Payment call takes the money; the order goes from its last saved
        // status (Pending) straight to Placed. A crash before that save leaves a Pending order that recovery compensates:
        // the captured payment is refunded (SagaSteps.ReturnMoneyAsync asks Payment for the order's payments).
        var sale = options.Value.AuthorizeAndCapture;
        Vargo.Payment.Grpc.PaymentReply authorization;
        try
        {
            using (timing.Step(sale ? "sale" : "authorize"))
            {
                authorization = await steps.AuthorizeAsync(order, card, capture: sale);
            }
            await faults.AtAsync(CheckoutFaults.AuthorizeCall);
        }
        catch (RpcException ex) when (IsRefusal(ex))
        {
            // Payment answered, and refused the request itself: the same request would be refused again.
            logger.LogWarning(ex, "Payment refused to authorize order {OrderId}", order.Id);
            await CompensateAsync(order, OrderStatus.PaymentFailed, OrderFailureCodes.PaymentRefused,
                $"The payment was refused: {ex.Status.Detail}. Nothing was charged.", timing);
            return;
        }
        catch (RpcException ex)
        {
            logger.LogWarning(ex, "Authorize failed for order {OrderId}", order.Id);
            await CompensateAsync(order, OrderStatus.Cancelled, OrderFailureCodes.PaymentUnavailable, "The payment could not be processed right now. Nothing was charged; please try again.", timing);
            return;
        }
        if (!authorization.Succeeded)
        {
            order.CardBrand = authorization.CardBrand;
            order.CardLast4 = authorization.CardLast4;
            await CompensateAsync(order, OrderStatus.PaymentFailed, authorization.FailureCode, authorization.FailureMessage, timing);
            return;
        }
        order.PaymentId = Guid.Parse(authorization.PaymentId);
        order.CardBrand = authorization.CardBrand;
        order.CardLast4 = authorization.CardLast4;
        if (sale)
        {
            // Captured already (the reply's status says so): nothing left to do with Payment.
            await PlaceAsync(order, timing);
            return;
        }
        await AdvanceAsync(order, OrderStatus.PaymentAuthorized);

        await CaptureAndPlaceAsync(order, timing);
    }

    /// <summary>
    /// Recovery of a saga whose driver is gone (the caller holds the order's lease). Without the card, only an
    /// order whose payment is authorized (or that has nothing to pay) can go forward, and only while its stock
    /// is still held; everything else is compensated.
    /// </summary>
    public async Task ResumeAsync(Order order)
    {
        var timing = new ServerTiming(time);
        if (order.Status == OrderStatus.PaymentAuthorized || (order.Status == OrderStatus.StockReserved && order.Total == 0))
        {
            var reserve = await steps.ReserveStockAsync(order);
            if (reserve.Reserved || reserve.Status == ReservationStatus.Committed)
            {
                // A zero-total order has no payment to capture: placing it is all that is left.
                await (order.Total == 0 ? PlaceAsync(order, timing) : CaptureAndPlaceAsync(order, timing));
                return;
            }
            await CompensateAsync(order, OrderStatus.Cancelled, OrderFailureCodes.ReservationExpired, "The stock reservation expired before payment completed. Nothing was charged.", timing);
            return;
        }
        await CompensateAsync(order, OrderStatus.Cancelled, OrderFailureCodes.CheckoutInterrupted, "The checkout was interrupted. Nothing was charged; please try again.", timing);
    }

    /// <summary>Gives back money and stock, then ends the order with the reason the customer sees.</summary>
    public async Task CompensateAsync(Order order, OrderStatus status, string code, string reason, ServerTiming timing)
    {
        using (timing.Step("compensate"))
        {
            await steps.ReturnMoneyAsync(order);
            await steps.ReleaseStockAsync(order);
        }
        await FinishAsync(order, status, code, reason);
    }

    private async Task CaptureAndPlaceAsync(Order order, ServerTiming timing)
    {
        Vargo.Payment.Grpc.PaymentReply capture;
        try
        {
            using (timing.Step("capture"))
            {
                capture = await steps.CaptureAsync(order);
            }
        }
        catch (RpcException ex) when (IsRefusal(ex))
        {
            logger.LogWarning(ex, "Payment refused to capture order {OrderId}", order.Id);
            await CompensateAsync(order, OrderStatus.PaymentFailed, OrderFailureCodes.PaymentRefused,
                $"The payment was refused: {ex.Status.Detail}. Any hold on your card is released.", timing);
            return;
        }
        catch (RpcException ex)
        {
            logger.LogWarning(ex, "Capture failed for order {OrderId}", order.Id);
            await CompensateAsync(order, OrderStatus.Cancelled, OrderFailureCodes.PaymentUnavailable, "The payment could not be completed. Any hold on your card is released.", timing);
            return;
        }
        if (!capture.Succeeded)
        {
            await CompensateAsync(order, OrderStatus.PaymentFailed, capture.FailureCode, capture.FailureMessage, timing);
            return;
        }

        await PlaceAsync(order, timing);
    }

    /// <summary>
    /// A gRPC status by which Payment refuses the request itself (bad amount, unknown payment, key reused):
    /// final. Everything else (Unavailable, DeadlineExceeded, Internal, …) may pass on a later attempt.
    /// </summary>
    private static bool IsRefusal(RpcException ex) =>
        ex.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange
            or StatusCode.NotFound or StatusCode.AlreadyExists or StatusCode.PermissionDenied;

    /// <summary>The order is paid (or there was nothing to pay): Placed, cart lines removed, OrderPlaced in the outbox.</summary>
    private async Task PlaceAsync(Order order, ServerTiming timing)
    {
        var now = time.GetUtcNow();
        order.Status = OrderStatus.Placed;
        order.UpdatedAt = now;
        var skus = order.Items.Select(i => i.Sku).ToList();
        db.CartLines.RemoveRange(await db.CartLines.Where(l => l.CustomerId == order.CustomerId && skus.Contains(l.Sku)).ToListAsync());
        events.Placed(order, now);
        using (timing.Step("place"))
        {
            await db.SaveChangesAsync();
        }
        metrics.Placed(order);

        // Inventory commits the reservation when it consumes OrderPlaced (in the outbox with the status above). Calling it
        // here as well only makes the sale visible at once, for a gRPC call and an Inventory transaction: off by default.
        if (!options.Value.CommitStockSynchronously)
        {
            return;
        }
        try
        {
            using (timing.Step("commit"))
            {
                await steps.CommitStockAsync(order);
            }
        }
        catch (RpcException ex)
        {
            logger.LogWarning(ex, "CommitReservation for order {OrderId} failed; the OrderPlaced event commits it", order.Id);
        }
    }

    private async Task AdvanceAsync(Order order, OrderStatus status)
    {
        order.Status = status;
        order.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        // The two statuses saved here are the checkout's other fault points (CheckoutFaults).
        await faults.AtAsync(status.ToString());
    }

    private async Task FinishAsync(Order order, OrderStatus status, string code, string reason)
    {
        var now = time.GetUtcNow();
        order.Status = status;
        order.FailureCode = code;
        order.FailureReason = reason;
        order.UpdatedAt = now;
        if (status == OrderStatus.Cancelled)
        {
            events.Cancelled(order, code, now);
        }
        await db.SaveChangesAsync();
        metrics.Cancelled(status, code);
    }
}
