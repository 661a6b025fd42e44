using Vargo.Recommendation.Data;

namespace Vargo.Recommendation.Search;

/// <summary>What a recommendation shows of a product. <see cref="Price"/> is the lowest price a shopper can pay.</summary>
public sealed record ProductSummary(
    Guid ProductId,
    string Sku,
    string Name,
    string Slug,
    string? Brand,
    Guid CategoryId,
    string CategoryPath,
    decimal Price,
    string Currency,
    IReadOnlyList<string> VariantSkus)
{
    public static ProductSummary From(ProductRecord record) => new(
        record.Id, record.Sku, record.Name, record.Slug, record.Brand, record.CategoryId, record.CategoryPath,
        record.Price, record.Currency, record.VariantSkus);
}

/// <summary>A recommended product and how strongly it is recommended (higher is better; the scale depends on the endpoint).</summary>
public sealed record ProductSuggestion(
    Guid ProductId,
    string Sku,
    string Name,
    string Slug,
    string? Brand,
    string CategoryPath,
    decimal Price,
    string Currency,
    double Score)
{
    public static ProductSuggestion Of(ProductSummary product, double score) => new(
        product.ProductId, product.Sku, product.Name, product.Slug, product.Brand, product.CategoryPath,
        product.Price, product.Currency, Math.Round(score, 4));
}
