using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Checkout;

/// <summary>
/// Who may drive an open order's saga. Claiming is one conditional UPDATE, so of two claimants (two recovery
/// workers, a worker and an event handler) exactly one wins, and never while the creating request still holds it.
/// </summary>
public sealed class OrderLease(OrdersDbContext db, IOptions<CheckoutOptions> options, TimeProvider time)
{
    public async Task<Order?> ClaimAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + options.Value.Lease;
        var claimed = await db.Orders
            .Where(o => o.Id == orderId && o.LeaseUntil < now
                && (o.Status == OrderStatus.Pending || o.Status == OrderStatus.StockReserved || o.Status == OrderStatus.PaymentAuthorized))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseUntil, until), cancellationToken);
        return claimed == 1 ? await db.Orders.FirstAsync(o => o.Id == orderId, cancellationToken) : null;
    }

    /// <summary>Open orders nobody drives any more, oldest first.</summary>
    public async Task<List<Guid>> FindAbandonedAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.Orders.AsNoTracking()
            .Where(o => o.LeaseUntil < now
                && (o.Status == OrderStatus.Pending || o.Status == OrderStatus.StockReserved || o.Status == OrderStatus.PaymentAuthorized))
            .OrderBy(o => o.LeaseUntil)
            .Select(o => o.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }
}
