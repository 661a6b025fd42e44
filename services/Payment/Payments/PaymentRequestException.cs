namespace Vargo.Payment.Payments;

/// <summary>A request the service refuses before doing anything: the caller must change it.</summary>
public sealed class PaymentRequestException(PaymentRequestError error, string field, string message) : Exception(message)
{
    public PaymentRequestError Error { get; } = error;

    /// <summary>The request field at fault (for problem details and gRPC status details).</summary>
    public string Field { get; } = field;
}

public enum PaymentRequestError
{
    Invalid,
    NotFound,
    /// <summary>The idempotency key was first used with different parameters (Stripe: idempotency_error).</summary>
    IdempotencyKeyReused
}
