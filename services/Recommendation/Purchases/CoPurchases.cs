using Microsoft.EntityFrameworkCore;
using Vargo.Recommendation.Data;

namespace Vargo.Recommendation.Purchases;

/// <summary>Item-to-item co-purchase counts: in how many orders another product was bought together with these.</summary>
public sealed class CoPurchases(RecommendationDbContext db)
{
    public async Task<IReadOnlyList<(Guid ProductId, int Orders)>> WithAsync(
        IReadOnlyCollection<Guid> productIds, int top, CancellationToken cancellationToken)
    {
        var ids = productIds.ToArray();
        var pairs = await (
                from anchor in db.Purchases
                where ids.Contains(anchor.ProductId)
                join other in db.Purchases on anchor.OrderId equals other.OrderId
                where !ids.Contains(other.ProductId)
                group other.OrderId by other.ProductId into g
                select new { ProductId = g.Key, Orders = g.Distinct().Count() })
            .OrderByDescending(p => p.Orders)
            .ThenBy(p => p.ProductId)
            .Take(top)
            .ToListAsync(cancellationToken);
        return pairs.Select(p => (p.ProductId, p.Orders)).ToList();
    }

    /// <summary>Products by the number of orders they appear in, most bought first.</summary>
    public async Task<IReadOnlyList<(Guid ProductId, int Orders)>> PopularAsync(int top, CancellationToken cancellationToken)
    {
        var popular = await db.Purchases
            .GroupBy(p => p.ProductId)
            .Select(g => new { ProductId = g.Key, Orders = g.Count() })
            .OrderByDescending(p => p.Orders)
            .ThenBy(p => p.ProductId)
            .Take(top)
            .ToListAsync(cancellationToken);
        return popular.Select(p => (p.ProductId, p.Orders)).ToList();
    }
}
