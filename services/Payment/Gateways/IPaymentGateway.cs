namespace Vargo.Payment.Gateways;

/// <summary>
/// A card processor. Implementations get the full card details for <see cref="AuthorizeAsync"/> only and must
/// not keep or log them. The idempotency key is passed through so the processor de-duplicates too.
/// </summary>
public interface IPaymentGateway
{
    string Name { get; }

    /// <summary>
    /// The most one payment may be, in the currency's minor units (Stripe: 99,999,999, i.e. 999,999.99 USD or
    /// 99,999,999 JPY). A larger amount is declined as <c>amount_too_large</c> before the processor is called.
    /// </summary>
    long MaxMinorUnits => 99_999_999;

    Task<GatewayResult> AuthorizeAsync(GatewayAuthorization authorization, CancellationToken cancellationToken);

    Task<GatewayResult> CaptureAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken);

    Task<GatewayResult> VoidAsync(string reference, string idempotencyKey, CancellationToken cancellationToken);

    Task<GatewayResult> RefundAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken);
}

public sealed record GatewayAuthorization(
    Guid PaymentId, Guid OrderId, decimal Amount, string Currency, CardDetails Card, string IdempotencyKey);

public sealed record GatewayResult(bool Succeeded, string? Reference, string? FailureCode = null, string? FailureMessage = null, bool Retryable = false)
{
    public static GatewayResult Success(string reference) => new(true, reference);

    public static GatewayResult Failure(string code, string message, bool retryable = false) => new(false, null, code, message, retryable);
}
