using Vargo.DemoData;
using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Tests;

/// <summary>The ProductUpserted the catalog publishes for a demo product (shared with the benchmark).</summary>
public static class DemoProductEvents
{
    public static ProductUpserted ToEvent(DemoProduct product, DateTimeOffset occurredAt) =>
        new(product.Id, product.Sku, product.Name, product.Slug, product.Description, product.Brand, product.CategoryId,
            product.CategoryPath, product.Price, product.Currency, "Active", product.Attributes,
            product.Variants.Select(v => new ProductVariantSummary(v.Sku, v.Price, v.Attributes)).ToList())
        { OccurredAt = occurredAt };
}
