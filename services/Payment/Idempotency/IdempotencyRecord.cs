namespace Vargo.Payment.Idempotency;

/// <summary>
/// The stored outcome of the first call made with a key. <see cref="RequestFingerprint"/> is a hash of the
/// call's parameters (never the card number or CVC) so a reuse with different parameters is detected.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; init; }
    public required string Operation { get; init; }
    public required string RequestFingerprint { get; init; }
    public Guid? PaymentId { get; init; }
    public required string Result { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
