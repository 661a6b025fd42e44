using Vargo.Iso;

namespace Vargo.Payment.Payments;

/// <summary>
/// The outcome of one payment call, stored under its idempotency key so a replay answers exactly as the
/// first call did (the payment's state as it was then, not as it is now).
/// </summary>
public sealed record PaymentResult(
    bool Succeeded,
    PaymentSnapshot? Payment,
    string? FailureCode = null,
    string? FailureMessage = null,
    bool Retryable = false)
{
    public static PaymentResult Success(Payment payment) => new(true, PaymentSnapshot.Of(payment));

    public static PaymentResult Success(PaymentSnapshot payment) => new(true, payment);

    public static PaymentResult Failure(Payment? payment, string code, string message, bool retryable = false) =>
        new(false, payment is null ? null : PaymentSnapshot.Of(payment), code, message, retryable);
}

public sealed record PaymentSnapshot(
    Guid Id,
    Guid OrderId,
    PaymentStatus Status,
    string Currency,
    decimal Authorized,
    decimal Captured,
    decimal Refunded,
    string CardBrand,
    string CardLast4,
    DateTimeOffset CreatedAt)
{
    // numeric(19,4) hands amounts back with 4 decimals; they are shown in the currency's scale (12.50 USD, 500 JPY).
    public static PaymentSnapshot Of(Payment payment) => new(
        payment.Id, payment.OrderId, payment.Status, payment.Currency, Currencies.InCurrencyScale(payment.AuthorizedAmount, payment.Currency),
        Currencies.InCurrencyScale(payment.CapturedAmount, payment.Currency), Currencies.InCurrencyScale(payment.RefundedAmount, payment.Currency),
        payment.CardBrand, payment.CardLast4, payment.CreatedAt);
}
