using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Vargo.Catalog.Model;

namespace Vargo.Catalog.Apis;

public sealed record ProductResponse(
    Guid Id,
    string Sku,
    string Name,
    string Slug,
    string? Description,
    string? Brand,
    Guid CategoryId,
    string CategoryPath,
    decimal Price,
    string Currency,
    decimal? CompareAtPrice,
    IReadOnlyList<string> Images,
    ProductStatus Status,
    IReadOnlyDictionary<string, JsonElement> Attributes,
    IReadOnlyList<VariantResponse> Variants,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static ProductResponse From(Product p) => new(
        p.Id, p.Sku, p.Name, p.Slug, p.Description, p.Brand, p.CategoryId, p.CategoryPath, p.Price, p.Currency,
        p.CompareAtPrice, p.Images, p.Status, p.Attributes,
        p.Variants.Select(v => new VariantResponse(v.Sku, v.Name, v.Price, v.Attributes)).ToList(),
        p.CreatedAt, p.UpdatedAt, p.Version);
}

public sealed record VariantResponse(string Sku, string? Name, decimal Price, IReadOnlyDictionary<string, JsonElement> Attributes);

/// <summary>A list or search entry: what a product card needs.</summary>
public sealed record ProductSummary(
    Guid Id,
    string Sku,
    string Name,
    string Slug,
    string? Brand,
    string CategoryPath,
    decimal Price,
    string Currency,
    decimal? CompareAtPrice,
    string? Image,
    ProductStatus Status,
    int VariantCount,
    DateTimeOffset CreatedAt)
{
    public static ProductSummary From(Product p) => new(
        p.Id, p.Sku, p.Name, p.Slug, p.Brand, p.CategoryPath, p.Price, p.Currency, p.CompareAtPrice,
        p.Images.FirstOrDefault(), p.Status, p.Variants.Count, p.CreatedAt);
}

/// <summary>One page; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next (null on the last page).</summary>
public sealed record ProductPageResponse(IReadOnlyList<ProductSummary> Items, string? NextCursor);

public sealed record SearchResultItem(ProductSummary Product, double Rank);

public sealed record SearchResponse(string Query, IReadOnlyList<SearchResultItem> Items, int Offset, int Limit);

public sealed record FacetsResponse(
    long Total,
    IReadOnlyList<FacetCount> Brands,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Attributes,
    decimal? MinPrice,
    decimal? MaxPrice,
    string? Currency);

public sealed record CategoryNode(
    Guid Id,
    string Slug,
    string Name,
    string Path,
    int Depth,
    IReadOnlyList<AttributeDefinition> Attributes,
    IReadOnlyList<CategoryNode> Children);

/// <summary>A category: slug (lower-case words joined by '-', at most 100) and name (1–200) required; at most 50
/// attribute definitions, each named in lower case (at most 50 characters).</summary>
public sealed record CategoryInput(
    [property: Required, MaxLength(100)] string? Slug,
    [property: Required, MaxLength(200)] string? Name,
    Guid? ParentId,
    [property: MaxLength(50)] IReadOnlyList<AttributeDefinition>? Attributes);

public sealed record ImportResponse(int Created, int Updated, int Failed, IReadOnlyList<ImportLineError> Errors);

public sealed record ImportLineError(int Line, int Status, IDictionary<string, string[]> Errors);
