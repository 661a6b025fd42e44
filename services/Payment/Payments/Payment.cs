namespace Vargo.Payment.Payments;

/// <summary>
/// One card payment for one order. Holds the card's brand, last 4 digits and expiry only: the full number
/// and the CVC go to the gateway and are forgotten.
/// </summary>
public sealed class Payment
{
    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public Guid CustomerId { get; init; }
    public required string CustomerEmail { get; init; }
    public required string Currency { get; init; }
    public decimal AuthorizedAmount { get; set; }
    public decimal CapturedAmount { get; set; }
    public decimal RefundedAmount { get; set; }
    public PaymentStatus Status { get; set; }
    public required string CardBrand { get; init; }
    public required string CardLast4 { get; init; }
    public int CardExpMonth { get; init; }
    public int CardExpYear { get; init; }
    public required string Gateway { get; init; }
    public string? GatewayReference { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public decimal RefundableAmount => CapturedAmount - RefundedAmount;
}

public enum PaymentStatus
{
    Authorized = 1,
    Captured = 2,
    PartiallyRefunded = 3,
    Refunded = 4,
    Voided = 5,
    Failed = 6
}
