namespace Vargo.Payment.Apis;

/// <summary>
/// RFC 9457 problem types of the payment API (<c>urn:vargo:problems:*</c>, the scheme every service uses), so a
/// client branches on <c>type</c> rather than on a title. Field errors are validation problems (400, <c>errors</c>
/// keyed by field).
/// </summary>
public static class PaymentProblems
{
    /// <summary>409: the payment's state forbids the refund (over-refund, nothing captured). <c>code</c> says which.</summary>
    public const string RefundRefused = "urn:vargo:problems:refund-refused";

    /// <summary>422: the Idempotency-Key was first used with another amount.</summary>
    public const string IdempotencyKeyReused = "urn:vargo:problems:idempotency-key-reused";
}
