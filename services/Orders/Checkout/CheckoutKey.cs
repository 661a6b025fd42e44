namespace Vargo.Orders.Checkout;

/// <summary>
/// A customer's Idempotency-Key, claimed by the checkout request that got it first, before that request reads
/// the cart. The claim, not the order, decides who checks out: a copy of the request that arrives while the
/// first is still running finds the claim (in flight) instead of an empty cart. <see cref="OrderId"/> is set in
/// the same transaction that creates the order; from then on the key answers with that order, whatever happened
/// to the cart since. A claim without an order after <see cref="ClaimedUntil"/> belonged to a request that died
/// before creating anything, and the next request with the key takes it over.
/// </summary>
public sealed class CheckoutKey
{
    public Guid CustomerId { get; init; }

    /// <summary>The client's Idempotency-Key header, 1 to 255 characters.</summary>
    public required string Key { get; init; }

    /// <summary>SHA-256 of the canonical request (see <see cref="CheckoutRequest.Hash"/>), 64 hex characters.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The order the key created; null while the first request has not created it (or never will).</summary>
    public Guid? OrderId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Until when the claiming request owns a claim that has no order yet.</summary>
    public DateTimeOffset ClaimedUntil { get; set; }
}
