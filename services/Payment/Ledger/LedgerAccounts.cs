namespace Vargo.Payment.Ledger;

/// <summary>
/// The merchant's accounts. A hold is memo money: <see cref="CardHolds"/> (what the card issuer holds for us)
/// against <see cref="HoldsOutstanding"/>. Capturing releases the hold and moves real money:
/// <see cref="GatewayReceivable"/> (the gateway owes us) against <see cref="CustomerPayments"/> (what customers paid).
/// A refund reverses the latter pair, so CustomerPayments' balance is always captured minus refunded.
/// </summary>
public static class LedgerAccounts
{
    public const string CardHolds = "card_holds";
    public const string HoldsOutstanding = "holds_outstanding";
    public const string GatewayReceivable = "gateway_receivable";
    public const string CustomerPayments = "customer_payments";
}
