namespace Vargo.Payment.Payments;

/// <summary>Stable failure codes (Stripe's names where Stripe has one); clients and events carry them.</summary>
public static class PaymentFailureCodes
{
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";
    public const string ProcessingError = "processing_error";
    public const string IncorrectNumber = "incorrect_number";
    public const string InvalidExpiry = "invalid_expiry";
    public const string ExpiredCard = "expired_card";
    public const string InvalidCvc = "invalid_cvc";
    public const string IncorrectCvc = "incorrect_cvc";
    /// <summary>Over the processor's per-payment limit, or over what is left to capture or refund. Final.</summary>
    public const string AmountTooLarge = "amount_too_large";
    /// <summary>Nothing to charge (zero). Final: Orders places a zero-total order without any payment.</summary>
    public const string AmountTooSmall = "amount_too_small";
    public const string NotCapturable = "payment_not_capturable";
    public const string NotVoidable = "payment_not_voidable";
    public const string NotRefundable = "payment_not_refundable";
}
