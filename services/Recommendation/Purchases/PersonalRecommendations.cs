using System.Numerics.Tensors;
using Microsoft.EntityFrameworkCore;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Search;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Purchases;

/// <summary>
/// "You might like": the buyer's profile is the recency-weighted mean of the vectors of what they bought (half-life 30 days);
/// candidates near it are boosted by how often they were bought together with the buyer's products; what the buyer already
/// bought is never suggested. A buyer with no orders gets the most popular product of each category in turn.
/// </summary>
public sealed class PersonalRecommendations(
    RecommendationDbContext db,
    ProductDirectory directory,
    CoPurchases coPurchases,
    TimeProvider timeProvider)
{
    private const double HalfLifeDays = 30;
    private const double CoPurchaseWeight = 0.15;
    private const int ProfileOrders = 200;

    public async Task<IReadOnlyList<ProductSuggestion>> ForCustomerAsync(Guid customerId, int top, CancellationToken cancellationToken)
    {
        var purchases = await db.Purchases.AsNoTracking()
            .Where(p => p.CustomerId == customerId)
            .OrderByDescending(p => p.PurchasedAt)
            .Take(ProfileOrders)
            .ToListAsync(cancellationToken);
        if (purchases.Count == 0)
        {
            return await PopularByCategoryAsync(top, cancellationToken);
        }

        var bought = purchases.Select(p => p.ProductId).ToHashSet();
        var profile = await ProfileAsync(purchases, cancellationToken);

        var scores = new Dictionary<Guid, double>();
        if (profile is not null)
        {
            var near = await directory.Vectors.SearchAsync(new VectorQuery(profile, top * 3, Exclude: bought), cancellationToken);
            foreach (var match in near)
            {
                scores[match.ProductId] = match.Score;
            }
        }

        var together = await coPurchases.WithAsync(bought, top * 3, cancellationToken);
        if (together.Count > 0)
        {
            var most = (double)together.Max(t => t.Orders);
            foreach (var (productId, orders) in together)
            {
                if (!scores.TryGetValue(productId, out var similarity) && profile is not null
                    && await directory.Vectors.GetVectorAsync(productId, cancellationToken) is { } vector)
                {
                    similarity = TensorPrimitives.CosineSimilarity(profile, vector.Span);
                }
                scores[productId] = similarity + CoPurchaseWeight * orders / most;
            }
        }

        return scores
            .Where(s => !bought.Contains(s.Key))
            .Select(s => directory.Find(s.Key) is { } product ? ProductSuggestion.Of(product, s.Value) : null)
            .OfType<ProductSuggestion>()
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.ProductId)
            .Take(top)
            .ToList();
    }

    private async Task<float[]?> ProfileAsync(IReadOnlyList<Purchase> purchases, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        float[]? sum = null;
        foreach (var purchase in purchases)
        {
            if (await directory.Vectors.GetVectorAsync(purchase.ProductId, cancellationToken) is not { } vector)
            {
                continue;
            }
            var ageDays = Math.Max(0, (now - purchase.PurchasedAt).TotalDays);
            var weight = (float)Math.Pow(0.5, ageDays / HalfLifeDays);
            sum ??= new float[vector.Length];
            TensorPrimitives.MultiplyAdd(vector.Span, weight, sum, sum);
        }
        return sum;
    }

    /// <summary>The most bought product of each category, then the second of each, and so on; unsold products fill the rest.</summary>
    public async Task<IReadOnlyList<ProductSuggestion>> PopularByCategoryAsync(int top, CancellationToken cancellationToken)
    {
        var popular = await coPurchases.PopularAsync(top * 20, cancellationToken);
        var ordersOf = popular.ToDictionary(p => p.ProductId, p => p.Orders);

        var ranked = directory.All
            .GroupBy(p => p.CategoryPath)
            .OrderByDescending(g => g.Sum(p => ordersOf.GetValueOrDefault(p.ProductId)))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g
                .OrderByDescending(p => ordersOf.GetValueOrDefault(p.ProductId))
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select((product, rankInCategory) => (product, rankInCategory)))
            .OrderBy(x => x.rankInCategory)
            .Take(top)
            .Select(x => ProductSuggestion.Of(x.product, ordersOf.GetValueOrDefault(x.product.ProductId)))
            .ToList();
        return ranked;
    }
}
