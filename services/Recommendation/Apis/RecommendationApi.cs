using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vargo.Recommendation.Products;
using Vargo.Recommendation.Purchases;
using Vargo.Recommendation.Search;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Apis;

public static class RecommendationApi
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 50;
    private const int MaxQueryLength = 500;

    public static RouteGroupBuilder MapRecommendationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/recommendations").WithTags("Recommendation");

        api.MapServiceInfo("recommendation");

        api.MapGet("/search", SearchAsync)
            .AllowAnonymous()
            .WithName("SearchProducts")
            .WithSummary("Semantic product search, optionally blended with keyword (BM25) rank; filters by category and price");

        api.MapGet("/similar/{productId:guid}", SimilarAsync)
            .AllowAnonymous()
            .WithName("SimilarProducts")
            .WithSummary("Products nearest in meaning to a product, the product itself excluded");

        api.MapGet("/for-me", ForMeAsync)
            .WithName("ProductsForMe")
            .WithSummary("Products the signed-in customer might like, from their orders; popular products for a new customer");

        api.MapGet("/bought-together/{productId:guid}", BoughtTogetherAsync)
            .AllowAnonymous()
            .WithName("BoughtTogether")
            .WithSummary("Products most often bought in the same order as a product");

        api.MapChatApi();
        api.MapShopSearchApi();

        return api;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        [FromQuery, MaxLength(MaxQueryLength)] string? q,
        [FromQuery, MaxLength(200)] string? category,
        [FromQuery, Range(typeof(decimal), "0", "79228162514264337593543950335")] decimal? minPrice,
        [FromQuery, Range(typeof(decimal), "0", "79228162514264337593543950335")] decimal? maxPrice,
        [FromQuery, AllowedValues(null, "semantic", "fulltext", "blended", ErrorMessage = "One of: semantic, fulltext, blended.")] string? mode,
        [FromQuery, Range(1, MaxLimit)] int? limit,
        ProductSearch search,
        BackfillProgress backfill,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["A search text is required."];
        }
        else if (q.Length > MaxQueryLength)
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
        SearchMode searchMode = SearchMode.Blended;
        if (mode is not null && (!Enum.TryParse(mode, ignoreCase: true, out searchMode) || !Enum.IsDefined(searchMode)))
        {
            errors["mode"] = ["One of: semantic, fulltext, blended."];
        }
        ValidateLimit(limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var filters = new SearchFilters(string.IsNullOrWhiteSpace(category) ? null : category.Trim('/'), minPrice, maxPrice);
        var items = await search.SearchAsync(q!, searchMode, filters, limit ?? DefaultLimit, cancellationToken);
        var modeName = searchMode.ToString().ToLowerInvariant();
        // Said in the answer, not only in /health: a client showing these results can tell the user they may be partial.
        return TypedResults.Ok(backfill.Completed
            ? new SearchResponse(q!, modeName, items)
            : new SearchResponse(q!, modeName, items, IndexComplete: false,
                Notice: $"The search index is still filling ({backfill.Describe()}); results may miss products."));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductSuggestion>>, NotFound, ValidationProblem>> SimilarAsync(
        Guid productId,
        [FromQuery, Range(1, MaxLimit)] int? limit,
        ProductDirectory directory,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ValidateLimit(limit, errors) is false)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await directory.Vectors.GetVectorAsync(productId, cancellationToken) is not { } vector)
        {
            return TypedResults.NotFound();
        }

        // A product's variants are part of it (one vector per product), so excluding the product excludes them.
        var matches = await directory.Vectors.SearchAsync(
            new VectorQuery(vector, limit ?? DefaultLimit, Exclude: new HashSet<Guid> { productId }), cancellationToken);
        IReadOnlyList<ProductSuggestion> items = matches
            .Select(m => directory.Find(m.ProductId) is { } p ? ProductSuggestion.Of(p, m.Score) : null)
            .OfType<ProductSuggestion>()
            .ToList();
        return TypedResults.Ok(items);
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductSuggestion>>, ValidationProblem, UnauthorizedHttpResult>> ForMeAsync(
        [FromQuery, Range(1, MaxLimit)] int? limit,
        ClaimsPrincipal user,
        PersonalRecommendations recommendations,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ValidateLimit(limit, errors) is false)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!user.TryGetUserId(out var customerId))
        {
            return TypedResults.Unauthorized();
        }
        return TypedResults.Ok(await recommendations.ForCustomerAsync(customerId, limit ?? DefaultLimit, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<BoughtTogetherItem>>, NotFound, ValidationProblem>> BoughtTogetherAsync(
        Guid productId,
        [FromQuery, Range(1, MaxLimit)] int? limit,
        ProductDirectory directory,
        CoPurchases coPurchases,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ValidateLimit(limit, errors) is false)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (directory.Find(productId) is null)
        {
            return TypedResults.NotFound();
        }

        var pairs = await coPurchases.WithAsync([productId], limit ?? DefaultLimit, cancellationToken);
        IReadOnlyList<BoughtTogetherItem> items = pairs
            .Select(p => directory.Find(p.ProductId) is { } product ? new BoughtTogetherItem(ProductSuggestion.Of(product, p.Orders), p.Orders) : null)
            .OfType<BoughtTogetherItem>()
            .ToList();
        return TypedResults.Ok(items);
    }

    private static bool ValidateLimit(int? limit, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
            return false;
        }
        return true;
    }
}

/// <summary>A search answer.</summary>
/// <param name="IndexComplete">False while the catalog back-fill is still filling the index (first start, or a re-run): results may miss products.</param>
/// <param name="Notice">Set when <paramref name="IndexComplete"/> is false: what is still filling, in words for the user.</param>
public sealed record SearchResponse(string Query, string Mode, IReadOnlyList<ProductSuggestion> Items, bool IndexComplete = true, string? Notice = null);

public sealed record BoughtTogetherItem(ProductSuggestion Product, int Orders);
