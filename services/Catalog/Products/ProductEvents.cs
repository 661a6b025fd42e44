using Vargo.Catalog.Model;
using Vargo.Messaging.Contracts;

namespace Vargo.Catalog.Products;

internal static class ProductEvents
{
    public static ProductUpserted Upserted(Product product, DateTimeOffset occurredAt) => new(
        product.Id,
        product.Sku,
        product.Name,
        product.Slug,
        product.Description,
        product.Brand,
        product.CategoryId,
        product.CategoryPath,
        product.Price,
        product.Currency,
        product.Status.ToString().ToLowerInvariant(),
        product.Attributes.ToDictionary(a => a.Key, a => AttributeValues.ToInvariantString(a.Value)),
        product.Variants
            .Select(v => new ProductVariantSummary(v.Sku, v.Price, v.Attributes.ToDictionary(a => a.Key, a => AttributeValues.ToInvariantString(a.Value))))
            .ToList())
    {
        OccurredAt = occurredAt,
    };
}
