using Grpc.Core;
using Vargo.Payment.Gateways;
using Vargo.Payment.Payments;

namespace Vargo.Payment.Grpc;

/// <summary>The internal contract Orders drives its checkout saga with (protos/payment.proto).</summary>
public sealed class PaymentsGrpcService(PaymentProcessor processor) : Payments.PaymentsBase
{
    public override Task<PaymentReply> Authorize(AuthorizeRequest request, ServerCallContext context) =>
        RunAsync(async () =>
        {
            if (request.Amount is null)
            {
                throw new PaymentRequestException(PaymentRequestError.Invalid, "amount", "The amount is required.");
            }
            var card = request.Card ?? throw new PaymentRequestException(PaymentRequestError.Invalid, "card", "The card is required.");
            var command = new AuthorizeCommand(
                request.IdempotencyKey,
                ParseId(request.OrderId, "order_id"),
                ParseId(request.CustomerId, "customer_id"),
                request.CustomerEmail,
                request.Amount.ToDecimal("amount"),
                request.Amount.CurrencyCode,
                new CardDetails(card.Number, card.ExpMonth, card.ExpYear, card.Cvc),
                request.Capture);
            return await processor.AuthorizeAsync(command, context.CancellationToken);
        });

    public override Task<PaymentReply> Capture(CaptureRequest request, ServerCallContext context) =>
        RunAsync(() => processor.CaptureAsync(request.IdempotencyKey, ParseId(request.PaymentId, "payment_id"),
            request.Amount?.ToDecimal("amount"), context.CancellationToken, CurrencyOf(request.Amount), "amount.currency_code"));

    public override Task<PaymentReply> Void(VoidRequest request, ServerCallContext context) =>
        RunAsync(() => processor.VoidAsync(request.IdempotencyKey, ParseId(request.PaymentId, "payment_id"), context.CancellationToken));

    public override Task<PaymentReply> Refund(RefundRequest request, ServerCallContext context) =>
        RunAsync(() => processor.RefundAsync(request.IdempotencyKey, ParseId(request.PaymentId, "payment_id"),
            request.Amount?.ToDecimal("amount"), context.CancellationToken, CurrencyOf(request.Amount), "amount.currency_code"));

    public override Task<PaymentReply> GetPayment(GetPaymentRequest request, ServerCallContext context) =>
        RunAsync(async () => PaymentResult.Success(await processor.GetAsync(ParseId(request.PaymentId, "payment_id"), context.CancellationToken)));

    public override async Task<ListOrderPaymentsReply> ListOrderPayments(ListOrderPaymentsRequest request, ServerCallContext context)
    {
        var payments = await GuardAsync(async () => await processor.ListForOrderAsync(ParseId(request.OrderId, "order_id"), context.CancellationToken));
        return new ListOrderPaymentsReply { Payments = { payments.Select(p => ToReply(PaymentResult.Success(p))) } };
    }

    private static async Task<PaymentReply> RunAsync(Func<Task<PaymentResult>> call) => ToReply(await GuardAsync(call));

    private static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (PaymentRequestException ex)
        {
            var code = ex.Error switch
            {
                PaymentRequestError.NotFound => StatusCode.NotFound,
                PaymentRequestError.IdempotencyKeyReused => StatusCode.AlreadyExists,
                _ => StatusCode.InvalidArgument
            };
            throw new RpcException(new Status(code, $"{ex.Field}: {ex.Message}"));
        }
    }

    /// <summary>Proto3 has no "unset" string: an empty currency code means the caller gave none (the payment's applies).</summary>
    private static string? CurrencyOf(Money? amount) => string.IsNullOrEmpty(amount?.CurrencyCode) ? null : amount.CurrencyCode;

    private static Guid ParseId(string value, string field) =>
        Guid.TryParse(value, out var id) && id != Guid.Empty
            ? id
            : throw new PaymentRequestException(PaymentRequestError.Invalid, field, "A GUID is required.");

    private static PaymentReply ToReply(PaymentResult result)
    {
        var reply = new PaymentReply
        {
            Succeeded = result.Succeeded,
            FailureCode = result.FailureCode ?? "",
            FailureMessage = result.FailureMessage ?? "",
            Retryable = result.Retryable
        };
        if (result.Payment is { } payment)
        {
            reply.PaymentId = payment.Id.ToString();
            reply.OrderId = payment.OrderId.ToString();
            reply.Status = (PaymentStatus)(int)payment.Status;
            reply.Authorized = payment.Authorized.ToMoney(payment.Currency);
            reply.Captured = payment.Captured.ToMoney(payment.Currency);
            reply.Refunded = payment.Refunded.ToMoney(payment.Currency);
            reply.CardBrand = payment.CardBrand;
            reply.CardLast4 = payment.CardLast4;
        }
        return reply;
    }
}
