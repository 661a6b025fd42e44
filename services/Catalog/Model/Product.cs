using System.Text.Json;

namespace Vargo.Catalog.Model;

/// <summary>
/// A product as the catalog stores it. <see cref="Attributes"/> holds JSON scalars typed by the category's
/// attribute definitions. A product with <see cref="Variants"/> is sold by the variants' SKUs; <see cref="Price"/>
/// is then its lowest variant price ("from"). <see cref="Version"/> grows on every write and is the ETag.
/// </summary>
public sealed record Product
{
    public required Guid Id { get; init; }
    public required string Sku { get; init; }
    public required string Name { get; init; }
    public required string Slug { get; init; }
    public string? Description { get; init; }
    public string? Brand { get; init; }
    public required Guid CategoryId { get; init; }
    public required string CategoryPath { get; init; }
    public required decimal Price { get; init; }
    public required string Currency { get; init; }
    public decimal? CompareAtPrice { get; init; }
    public IReadOnlyList<string> Images { get; init; } = [];
    public required ProductStatus Status { get; init; }
    public IReadOnlyDictionary<string, JsonElement> Attributes { get; init; } = new Dictionary<string, JsonElement>();
    public IReadOnlyList<ProductVariant> Variants { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; init; } = 1;

    public IEnumerable<string> AllSkus => Variants.Select(v => v.Sku).Prepend(Sku);

    /// <summary>
    /// Every attribute value the product offers, its own and its variants', as invariant strings: what
    /// filters match and facets count ("available in size 42").
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FacetValues()
    {
        var values = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in Variants.SelectMany(v => v.Attributes).Concat(Attributes))
        {
            if (!values.TryGetValue(name, out var set))
            {
                values[name] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            set.Add(AttributeValues.ToInvariantString(value));
        }
        return values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToArray(), StringComparer.Ordinal);
    }
}

/// <summary>A sellable variant: its own SKU and price, and the attribute values that set it apart.</summary>
public sealed record ProductVariant(string Sku, string? Name, decimal Price, IReadOnlyDictionary<string, JsonElement> Attributes);

public enum ProductStatus
{
    Draft,
    Active,
    Archived,
}
