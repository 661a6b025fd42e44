using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Vargo.Inventory.Grpc;
using Vargo.Orders.Ordering;
using Vargo.Payment.Grpc;

namespace Vargo.Orders.Checkout;

/// <summary>
/// The remote calls of the checkout saga, each idempotent by a key derived from the order id, so a step
/// repeated after a crash or a timeout has one effect: ReserveStock/Release/Commit are idempotent by order id
/// at Inventory; Authorize/Capture/Void/Refund carry "order-{id}-…" idempotency keys at Payment.
/// </summary>
public sealed class SagaSteps(
    Vargo.Inventory.Grpc.Inventory.InventoryClient inventory,
    Payments.PaymentsClient payments,
    IOptions<CheckoutOptions> options,
    TimeProvider time)
{
    private const int AuthorizeAttempts = 2;

    private DateTime Deadline => time.GetUtcNow().UtcDateTime + options.Value.StepDeadline;

    public async Task<ReserveStockReply> ReserveStockAsync(Order order) =>
        await inventory.ReserveStockAsync(new ReserveStockRequest
        {
            OrderId = order.Id.ToString(),
            Lines = { order.Items.Select(i => new StockLine { Sku = i.Sku, Quantity = i.Quantity }) },
            Ttl = Duration.FromTimeSpan(options.Value.ReservationTtl)
        }, deadline: Deadline);

    public async Task ReleaseStockAsync(Order order) =>
        await inventory.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = order.Id.ToString() }, deadline: Deadline);

    public async Task<CommitReservationReply> CommitStockAsync(Order order) =>
        await inventory.CommitReservationAsync(new CommitReservationRequest { OrderId = order.Id.ToString() }, deadline: Deadline);

    /// <summary>
    /// A retryable failure (processing_error) is retried once, under a new key as Stripe requires. With
    /// <paramref name="capture"/> it is a sale (authorize and capture in one call), under keys of its own.
    /// </summary>
    public async Task<PaymentReply> AuthorizeAsync(Order order, CheckoutCard card, bool capture = false)
    {
        PaymentReply reply = new();
        var operation = capture ? "sale" : "authorize";
        for (var attempt = 0; attempt < AuthorizeAttempts; attempt++)
        {
            reply = await payments.AuthorizeAsync(new AuthorizeRequest
            {
                IdempotencyKey = attempt == 0 ? $"order-{order.Id}-{operation}" : $"order-{order.Id}-{operation}-{attempt}",
                Capture = capture,
                OrderId = order.Id.ToString(),
                CustomerId = order.CustomerId.ToString(),
                CustomerEmail = order.CustomerEmail,
                Amount = ToMoney(order.Total, order.Currency),
                Card = new Card { Number = card.Number, ExpMonth = card.ExpMonth, ExpYear = card.ExpYear, Cvc = card.Cvc, HolderName = card.HolderName ?? "" }
            }, deadline: Deadline);
            if (reply.Succeeded || !reply.Retryable)
            {
                break;
            }
        }
        return reply;
    }

    public async Task<PaymentReply> CaptureAsync(Order order) =>
        await payments.CaptureAsync(new CaptureRequest { IdempotencyKey = $"order-{order.Id}-capture", PaymentId = order.PaymentId.ToString() },
            deadline: Deadline);

    /// <summary>
    /// Gives back every cent taken for the order: voids holds, refunds captures. Asks Payment for the order's
    /// payments rather than trusting what the order remembers, because a crash or a timeout may have hidden one.
    /// </summary>
    public async Task ReturnMoneyAsync(Order order)
    {
        var list = await payments.ListOrderPaymentsAsync(new ListOrderPaymentsRequest { OrderId = order.Id.ToString() }, deadline: Deadline);
        foreach (var payment in list.Payments)
        {
            var reply = payment.Status switch
            {
                PaymentStatus.Authorized => await payments.VoidAsync(
                    new VoidRequest { IdempotencyKey = $"order-{order.Id}-void-{payment.PaymentId}", PaymentId = payment.PaymentId }, deadline: Deadline),
                PaymentStatus.Captured or PaymentStatus.PartiallyRefunded => await payments.RefundAsync(
                    new RefundRequest { IdempotencyKey = $"order-{order.Id}-refund-{payment.PaymentId}", PaymentId = payment.PaymentId, Reason = "order cancelled" },
                    deadline: Deadline),
                _ => null
            };
            if (reply is { Succeeded: false })
            {
                throw new InvalidOperationException($"Payment {payment.PaymentId} of order {order.Id} could not be returned: {reply.FailureCode}.");
            }
        }
    }

    private static Money ToMoney(decimal amount, string currency)
    {
        var units = decimal.Truncate(amount);
        return new Money { CurrencyCode = currency, Units = (long)units, Nanos = (int)((amount - units) * 1_000_000_000m) };
    }
}

/// <summary>Card fields for one authorization; kept in memory for the request only, never saved.</summary>
public sealed record CheckoutCard(string Number, int ExpMonth, int ExpYear, string Cvc, string? HolderName)
{
    public override string ToString() => $"card ending {(Number.Length >= 4 ? Number[^4..] : "?")}";
}
