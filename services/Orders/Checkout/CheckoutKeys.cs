using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Orders.Data;

namespace Vargo.Orders.Checkout;

/// <summary>What a checkout request learns when it tries to claim its Idempotency-Key.</summary>
public enum KeyClaim
{
    /// <summary>This request owns the key: it may read the cart and create the order.</summary>
    Claimed,
    /// <summary>Another request with the key is still running and has not created its order yet.</summary>
    InFlight,
    /// <summary>The key created an order already; the answer is that order's.</summary>
    Used,
    /// <summary>The key was used with a different request body.</summary>
    Reused
}

/// <summary>
/// Claims and releases checkout Idempotency-Keys (see <see cref="CheckoutKey"/>). PostgreSQL's primary key on
/// (customer, key) decides between concurrent copies, so the outcome never depends on which request runs first.
/// </summary>
public sealed class CheckoutKeys(OrdersDbContext db, IOptions<CheckoutOptions> options, TimeProvider time)
{
    /// <summary>Claims the key, or says who has it. <paramref name="orderId"/> is the key's order when <see cref="KeyClaim.Used"/>.</summary>
    public async Task<(KeyClaim Claim, Guid? OrderId)> ClaimAsync(Guid customerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + options.Value.Lease;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO checkout_keys ("CustomerId", "Key", "RequestHash", "CreatedAt", "ClaimedUntil")
            VALUES ({customerId}, {key}, {requestHash}, {now}, {until})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            return (KeyClaim.Claimed, null);
        }

        // The request that claimed the key died before it created an order: nothing was done, so this one takes over.
        var takenOver = await db.Database.ExecuteSqlAsync($"""
            UPDATE checkout_keys SET "RequestHash" = {requestHash}, "ClaimedUntil" = {until}
            WHERE "CustomerId" = {customerId} AND "Key" = {key} AND "OrderId" IS NULL AND "ClaimedUntil" <= {now}
            """, cancellationToken);
        if (takenOver == 1)
        {
            return (KeyClaim.Claimed, null);
        }

        var claim = await db.CheckoutKeys.AsNoTracking().FirstOrDefaultAsync(k => k.CustomerId == customerId && k.Key == key, cancellationToken);
        return claim switch
        {
            // Released between our insert and this read: the client may simply send the request again.
            null => (KeyClaim.InFlight, null),
            { RequestHash: var hash } when hash != requestHash => (KeyClaim.Reused, claim.OrderId),
            { OrderId: { } orderId } => (KeyClaim.Used, orderId),
            _ => (KeyClaim.InFlight, null)
        };
    }

    /// <summary>
    /// Marks the claimed key as having created <paramref name="orderId"/>; saved by the caller's next
    /// SaveChanges, in the transaction that inserts the order.
    /// </summary>
    public void AttachOrder(Guid customerId, string key, string requestHash, Guid orderId)
    {
        var claim = new CheckoutKey { CustomerId = customerId, Key = key, RequestHash = requestHash };
        db.CheckoutKeys.Attach(claim);
        claim.OrderId = orderId;
    }

    /// <summary>
    /// Gives the key back when the request ends without creating an order (empty cart, a product no longer for
    /// sale, a peer down): nothing happened, so the client may fix the cause and send the same key again.
    /// </summary>
    public Task ReleaseAsync(Guid customerId, string key) =>
        db.CheckoutKeys.Where(k => k.CustomerId == customerId && k.Key == key && k.OrderId == null).ExecuteDeleteAsync(CancellationToken.None);
}
