using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Apis;

/// <summary>The storefront's search box: <c>GET /api/recommendations/find</c> (see the service README).</summary>
public static class ShopSearchApi
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 50;
    private const int MaxQueryLength = 500;
    private const int MaxFieldLength = 200;

    public static RouteGroupBuilder MapShopSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/find", FindAsync)
            .AllowAnonymous()
            .WithName("FindProducts")
            .WithSummary("The shopper's search: keyword and semantic ranking fused, typed constraints as filters, facets on the result");
        return api;
    }

    /// <summary>
    /// Products for what a shopper typed. <paramref name="q"/> may hold constraints ("under $30", "red", "size 42"), read
    /// into <see cref="ShopSearchResponse.Interpreted"/>; the other parameters are refinements picked from the facets and
    /// win over the text. An empty or meaningless <paramref name="q"/> is an empty answer (200), not an error.
    /// 400 problem naming the field: <c>q</c> over 500 characters, <c>limit</c> outside 1–50, a negative <c>minPrice</c>,
    /// <c>maxPrice</c> negative or below <c>minPrice</c>, <c>category</c>/<c>brand</c>/<c>colour</c>/<c>size</c> over 200 characters.
    /// </summary>
    public static async Task<Results<Ok<ShopSearchResponse>, ValidationProblem>> FindAsync(
        [FromQuery] string? q,
        [FromQuery] string? category,
        [FromQuery] string? brand,
        [FromQuery] decimal? minPrice,
        [FromQuery] decimal? maxPrice,
        [FromQuery] string? colour,
        [FromQuery] string? size,
        [FromQuery] int? limit,
        ShopSearch search,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (q?.Length > MaxQueryLength)
        {
            errors["q"] = [$"At most {MaxQueryLength} characters."];
        }
        if (minPrice < 0)
        {
            errors["minPrice"] = ["Must not be negative."];
        }
        if (maxPrice < 0 || (maxPrice is not null && minPrice is not null && maxPrice < minPrice))
        {
            errors["maxPrice"] = ["Must not be negative nor below minPrice."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }
        foreach (var (name, value) in new[] { ("category", category), ("brand", brand), ("colour", colour), ("size", size) })
        {
            if (value?.Length > MaxFieldLength)
            {
                errors[name] = [$"At most {MaxFieldLength} characters."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await search.SearchAsync(
            new ShopSearchRequest(
                q ?? "",
                limit ?? DefaultLimit,
                string.IsNullOrWhiteSpace(category) ? null : category.Trim().Trim('/'),
                string.IsNullOrWhiteSpace(brand) ? null : brand.Trim(),
                minPrice,
                maxPrice,
                string.IsNullOrWhiteSpace(colour) ? null : colour.Trim(),
                string.IsNullOrWhiteSpace(size) ? null : size.Trim()),
            cancellationToken);
        var interpreted = result.Interpreted;
        return TypedResults.Ok(new ShopSearchResponse(
            q ?? "",
            new InterpretedQuery(interpreted.Text, interpreted.MinPrice, interpreted.MaxPrice, interpreted.Currency, interpreted.Colour, interpreted.Size, result.Corrected),
            result.Items,
            result.Total,
            new SearchFacets(result.Categories, result.Brands)));
    }
}

/// <summary>
/// The answer to <c>GET /find</c>: the query as sent, what was read from it, the best products (score = fused
/// reciprocal-rank score, higher is better, comparable within one answer only), how many matched in all, and facets.
/// </summary>
public sealed record ShopSearchResponse(
    string Query,
    InterpretedQuery Interpreted,
    IReadOnlyList<ProductSuggestion> Items,
    int Total,
    SearchFacets Facets);

/// <summary>
/// The words ranked by and the filters applied. Prices are inclusive bounds on the lowest price of a product or its
/// variants; <see cref="Currency"/> (ISO 4217) is set when a symbol was typed, and then the bounds apply to prices in it only.
/// <see cref="Corrected"/> is <see cref="Text"/> with the words taken for typos replaced ("dumbels" → "dumbbells"), or null
/// when no word was: what a storefront shows as "Showing results for …".
/// </summary>
public sealed record InterpretedQuery(string Text, decimal? MinPrice, decimal? MaxPrice, string? Currency, string? Colour, string? Size, string? Corrected);

/// <summary>Category paths and brands with how many of the matched products (all of them, not only this page) carry each.</summary>
public sealed record SearchFacets(IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Brands);
