using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vargo.Payment.Payments;

namespace Vargo.Payment.Apis;

public static class PaymentApi
{
    public static RouteGroupBuilder MapPaymentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments").WithTags("Payment");

        api.MapServiceInfo("payment");

        var admin = api.MapGroup("").RequireAuthorization(AuthenticationExtensions.AdminPolicy);
        admin.MapGet("/orders/{orderId:guid}", ListForOrder)
            .WithName("ListOrderPayments").WithSummary("Payments of an order (admin).");
        admin.MapGet("/{paymentId:guid}", GetPayment)
            .WithName("GetPayment").WithSummary("One payment (admin).");
        admin.MapPost("/{paymentId:guid}/refunds", Refund)
            .WithName("RefundPayment").WithSummary("Refund a captured payment, partly or fully (admin). Needs an Idempotency-Key header.");

        return api;
    }

    public static async Task<Ok<IReadOnlyList<PaymentSnapshot>>> ListForOrder(Guid orderId, PaymentProcessor processor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await processor.ListForOrderAsync(orderId, cancellationToken));

    public static async Task<Results<Ok<PaymentSnapshot>, NotFound>> GetPayment(Guid paymentId, PaymentProcessor processor, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await processor.GetAsync(paymentId, cancellationToken));
        }
        catch (PaymentRequestException ex) when (ex.Error == PaymentRequestError.NotFound)
        {
            return TypedResults.NotFound();
        }
    }

    public static async Task<Results<Ok<PaymentResult>, NotFound, ValidationProblem, ProblemHttpResult>> Refund(
        Guid paymentId,
        RefundBody body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        PaymentProcessor processor,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["The Idempotency-Key header is required."] });
        }
        try
        {
            var result = await processor.RefundAsync($"admin-refund-{idempotencyKey}", paymentId, body.Amount, cancellationToken, body.Currency);
            // A refund the payment's state forbids (over-refund, nothing captured) is a conflict with that state;
            // the payment is left as it was.
            return result.Succeeded
                ? TypedResults.Ok(result)
                : TypedResults.Problem(result.FailureMessage, statusCode: StatusCodes.Status409Conflict, title: "The refund was refused",
                    type: PaymentProblems.RefundRefused,
                    extensions: new Dictionary<string, object?> { ["code"] = result.FailureCode, ["retryable"] = result.Retryable });
        }
        catch (PaymentRequestException ex) when (ex.Error == PaymentRequestError.NotFound)
        {
            return TypedResults.NotFound();
        }
        catch (PaymentRequestException ex) when (ex.Error == PaymentRequestError.Invalid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
        catch (PaymentRequestException ex) when (ex.Error == PaymentRequestError.IdempotencyKeyReused)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                type: PaymentProblems.IdempotencyKeyReused);
        }
    }
}

/// <summary>
/// Amount unset: refund everything captured and not yet refunded. Otherwise positive, with no more decimals than
/// the payment's currency has (ISO 4217 minor units: 0.5 JPY or 1.005 USD is 400 naming <c>amount</c>, never rounded).
/// Currency optional (ISO 4217 code); when given it must be the payment's, else 400 naming <c>currency</c>: an amount
/// is never taken in another currency than the one it was written in. Unknown members are ignored, as everywhere in
/// Vargo, so the currency is a declared member rather than silently dropped.
/// </summary>
public sealed record RefundBody(decimal? Amount, string? Reason, string? Currency = null);
