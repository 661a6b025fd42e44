namespace Vargo.Web.Api;

/// <summary>
/// Recommendation's shopper search (<c>GET /api/recommendations/find</c>): keyword and semantic ranking fused, the
/// constraints typed in the query read as filters, facets over every match.
/// </summary>
public sealed record ShopSearchResponse(string Query, InterpretedQuery Interpreted, IReadOnlyList<Suggestion> Items, int Total, SearchFacets Facets);

/// <summary>
/// What the search read from the query: the words it ranked by and the filters it applied (prices in <see cref="Currency"/>,
/// ISO 4217, when a symbol was typed); <see cref="Corrected"/> is the query with its typos corrected, null when it had none.
/// </summary>
public sealed record InterpretedQuery(string Text, decimal? MinPrice, decimal? MaxPrice, string? Currency, string? Colour, string? Size, string? Corrected = null);

/// <summary>Category paths and brands with how many matched products carry each.</summary>
public sealed record SearchFacets(IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Brands);
