using Stripe;
using Vargo.Iso;
using Vargo.Payment.Payments;

namespace Vargo.Payment.Gateways;

/// <summary>
/// Stripe PaymentIntents with manual capture: Authorize = create and confirm, Capture = capture,
/// Void = cancel, Refund = a Refund on the intent. Used only when <c>Payment:Stripe:SecretKey</c> is set.
/// Our idempotency keys are passed to Stripe, so a retry never creates a second intent or refund.
/// With a test key (sk_test_…) Stripe's test card numbers map to its test PaymentMethods, because sending raw
/// card numbers needs an account Stripe has cleared for it; in production the storefront would tokenize with
/// Stripe Elements and send a PaymentMethod id instead of card fields.
/// </summary>
public sealed class StripeGateway(StripeClient client) : IPaymentGateway
{
    private static readonly Dictionary<string, string> TestPaymentMethods = new()
    {
        ["4242424242424242"] = "pm_card_visa",
        ["4000000000000002"] = "pm_card_chargeDeclined",
        ["4000000000009995"] = "pm_card_chargeDeclinedInsufficientFunds",
        ["4000000000000119"] = "pm_card_chargeDeclinedProcessingError",
        ["4000000000000069"] = "pm_card_chargeDeclinedExpiredCard",
        ["4000000000000127"] = "pm_card_chargeDeclinedIncorrectCvc",
    };

    public string Name => "stripe";

    public Task<GatewayResult> AuthorizeAsync(GatewayAuthorization authorization, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var paymentMethod = await PaymentMethodFor(authorization.Card, authorization.IdempotencyKey, cancellationToken);
            var intent = await new PaymentIntentService(client).CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = MinorUnits(authorization.Amount, authorization.Currency),
                Currency = authorization.Currency.ToLowerInvariant(),
                PaymentMethod = paymentMethod,
                AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
                CaptureMethod = "manual",
                Confirm = true,
                Metadata = new() { ["order_id"] = authorization.OrderId.ToString(), ["payment_id"] = authorization.PaymentId.ToString() }
            }, new RequestOptions { IdempotencyKey = authorization.IdempotencyKey }, cancellationToken);
            return intent.Status == "requires_capture"
                ? GatewayResult.Success(intent.Id)
                : GatewayResult.Failure(PaymentFailureCodes.CardDeclined, $"The payment needs '{intent.Status}', which this checkout does not support.");
        });

    public Task<GatewayResult> CaptureAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var intent = await new PaymentIntentService(client).CaptureAsync(reference,
                new PaymentIntentCaptureOptions { AmountToCapture = MinorUnits(amount, currency) },
                new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return GatewayResult.Success(intent.Id);
        });

    public Task<GatewayResult> VoidAsync(string reference, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var intent = await new PaymentIntentService(client).CancelAsync(reference, new PaymentIntentCancelOptions(),
                new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return GatewayResult.Success(intent.Id);
        });

    public Task<GatewayResult> RefundAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var refund = await new RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = reference,
                Amount = MinorUnits(amount, currency)
            }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return GatewayResult.Success(refund.Id);
        });

    private async Task<string> PaymentMethodFor(CardDetails card, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (client.ApiKey.StartsWith("sk_test_", StringComparison.Ordinal) && TestPaymentMethods.TryGetValue(card.Digits, out var testMethod))
        {
            return testMethod;
        }
        var method = await new PaymentMethodService(client).CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "card",
            Card = new PaymentMethodCardOptions { Number = card.Digits, ExpMonth = card.ExpMonth, ExpYear = card.ExpYear, Cvc = card.Cvc }
        }, new RequestOptions { IdempotencyKey = $"{idempotencyKey}-pm" }, cancellationToken);
        return method.Id;
    }

    /// <summary>
    /// Stripe takes the amount in the currency's smallest unit: the ISO 4217 table (Vargo.Iso) says how many
    /// decimals that is (JPY 0, USD 2, KWD 3). Never rounds: amounts were checked against the same table on entry.
    /// Stripe documents special cases for a few currencies (HUF, TWD, ISK among them); they are not handled here.
    /// </summary>
    private static long MinorUnits(decimal amount, string currency) => Currencies.ToMinorUnits(amount, currency);

    private static async Task<GatewayResult> CallAsync(Func<Task<GatewayResult>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            var code = ex.StripeError.DeclineCode is "insufficient_funds" ? PaymentFailureCodes.InsufficientFunds : ex.StripeError.Code ?? PaymentFailureCodes.CardDeclined;
            return GatewayResult.Failure(code, ex.StripeError.Message ?? "The card was declined.", retryable: code == PaymentFailureCodes.ProcessingError);
        }
        catch (StripeException ex) when (ex.StripeError?.Code is PaymentFailureCodes.AmountTooLarge or PaymentFailureCodes.AmountTooSmall)
        {
            // Stripe's own amount limits (an invalid_request_error, not a card error): final, like any decline.
            return GatewayResult.Failure(ex.StripeError.Code, ex.StripeError.Message ?? "The amount is outside the processor's limits.");
        }
        catch (StripeException ex) when (ex.StripeError?.Type is "api_error" || (int)ex.HttpStatusCode >= 500)
        {
            return GatewayResult.Failure(PaymentFailureCodes.ProcessingError, "The payment processor is unavailable. Try again in a little bit.", retryable: true);
        }
        catch (HttpRequestException)
        {
            return GatewayResult.Failure(PaymentFailureCodes.ProcessingError, "The payment processor could not be reached. Try again in a little bit.", retryable: true);
        }
    }
}
