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
    public static PaymentSnapshot Of(Payment payment) => new(
        payment.Id, payment.OrderId, payment.Status, payment.Currency, payment.AuthorizedAmount,
        payment.CapturedAmount, payment.RefundedAmount, payment.CardBrand, payment.CardLast4, payment.CreatedAt);
}
