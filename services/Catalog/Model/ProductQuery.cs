namespace Vargo.Catalog.Model;

/// <summary>What a listing, search or facet request narrows to. Public reads only ever see active products.</summary>
public sealed record ProductFilter
{
    /// <summary>Materialized path of a category: matches it and all its descendants.</summary>
    public string? CategoryPath { get; init; }
    public IReadOnlyList<string> Brands { get; init; } = [];
    public decimal? MinPrice { get; init; }
    public decimal? MaxPrice { get; init; }
    /// <summary>
    /// ISO 4217 code: only products priced in it. Price bounds are numbers in this currency; without it they compare
    /// against every product's price in its own currency (one currency per shop today).
    /// </summary>
    public string? Currency { get; init; }
    /// <summary>Attribute name → accepted values (OR within a name, AND across names).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public ProductStatus? Status { get; init; } = ProductStatus.Active;
}

public enum ProductSort
{
    Newest,
    PriceAscending,
    PriceDescending,
    Name,
}

/// <summary>
/// The position after the last item of a page: the sort key of that item plus its SKU as tie-breaker, so
/// pages stay stable (no item skipped or repeated) while products are inserted.
/// </summary>
public sealed record PageCursor(ProductSort Sort, string? LastName, decimal? LastPrice, DateTimeOffset? LastCreatedAt, string LastSku);

public sealed record ProductPage(IReadOnlyList<Product> Items, PageCursor? Next);

public sealed record SearchHit(Product Product, double Rank);

public sealed record FacetCount(string Value, long Count);

public sealed record ProductFacets(
    long Total,
    IReadOnlyList<FacetCount> Brands,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Attributes,
    decimal? MinPrice,
    decimal? MaxPrice,
    string? Currency);

/// <summary>Facet price range helpers shared by the stores.</summary>
public static class PriceRanges
{
    /// <summary>
    /// The matched products' price range per currency folded into one answer: the range and its currency when they
    /// are priced in one currency; no range (null, null, null) when in several, never a minimum of 10 USD and 9 EUR.
    /// </summary>
    public static (decimal? Min, decimal? Max, string? Currency) Fold(IReadOnlyList<(string Currency, decimal Min, decimal Max)> perCurrency) =>
        perCurrency.Count == 1 ? (perCurrency[0].Min, perCurrency[0].Max, perCurrency[0].Currency) : (null, null, null);
}
