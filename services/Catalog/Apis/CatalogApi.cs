using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vargo.Catalog.Caching;
using Vargo.Catalog.Images;
using Vargo.Catalog.Model;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Apis;

/// <summary>The public catalog (no token): listing with filters and keyset pages, search, facets, categories, images.</summary>
public static class CatalogApi
{
    public static RouteGroupBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog");

        api.MapServiceInfo("catalog");

        var open = api.MapGroup("").AllowAnonymous();
        open.MapGet("/products", ListProducts).WithName("ListProducts").WithSummary("Active products, filtered and sorted, one keyset page at a time");
        open.MapGet("/products/search", SearchProducts).WithName("SearchProducts").WithSummary("Full-text search over active products, best match first");
        open.MapGet("/products/facets", GetFacets).WithName("GetProductFacets").WithSummary("Counts per brand and attribute value for a filter");
        open.MapGet("/products/{id:guid}", GetProductById).WithName("GetProduct").WithSummary("A product by id (drafts are not public)");
        open.MapGet("/products/by-slug/{slug}", GetProductBySlug).WithName("GetProductBySlug").WithSummary("A product by slug");
        open.MapGet("/categories", GetCategoryTree).WithName("GetCategoryTree").WithSummary("The category tree with attribute definitions");
        open.MapGet("/images/{name}", GetPlaceholderImage).WithName("GetPlaceholderImage").WithSummary("A placeholder product picture (SVG)");

        api.MapCatalogAdminApi();
        return api;
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem>> ListProducts(
        HttpContext context, CategoryCatalog categories, CatalogReadCache cache, ICatalogStore store, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var (filter, errors) = ProductQueryParser.ParseFilter(query, await categories.GetAllAsync(cancellationToken));
        var sort = ProductQueryParser.ParseSort(query["sort"]);
        if (sort is null)
        {
            errors["sort"] = ["sort is one of newest, price, -price, name."];
        }
        var limit = ProductQueryParser.ParseLimit(query["limit"]);
        if (limit is null)
        {
            errors["limit"] = [$"limit is a whole number from 1 to {ProductQueryParser.MaxLimit}."];
        }
        PageCursor? cursor = null;
        if (query["cursor"].FirstOrDefault() is { Length: > 0 } encoded)
        {
            cursor = ProductQueryParser.DecodeCursor(encoded);
            if (cursor is null || cursor.Sort != sort)
            {
                errors["cursor"] = ["The cursor is not one this listing returned (it belongs to the same sort)."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var response = await cache.GetOrCreateAsync(ProductQueryParser.CacheKey("list", filter, sort, cursor, limit), async ct =>
        {
            var page = await store.ListProductsAsync(filter, sort!.Value, cursor, limit!.Value, ct);
            var body = new ProductPageResponse(
                page.Items.Select(ProductSummary.From).ToList(),
                page.Next is null ? null : ProductQueryParser.EncodeCursor(page.Next));
            return (JsonSerializer.Serialize(body, CatalogJson.Options), null);
        }, cancellationToken);
        return HttpCaching.IsNotModified(context, response) ? HttpCaching.NotModified() : HttpCaching.Json(response);
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem>> SearchProducts(
        HttpContext context, CategoryCatalog categories, CatalogReadCache cache, ICatalogStore store, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var (filter, errors) = ProductQueryParser.ParseFilter(query, await categories.GetAllAsync(cancellationToken));
        var text = query["q"].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            errors["q"] = ["q is the text to search for (1 to 200 characters)."];
        }
        var limit = ProductQueryParser.ParseLimit(query["limit"], defaultLimit: 20, maxLimit: 50);
        if (limit is null)
        {
            errors["limit"] = ["limit is a whole number from 1 to 50."];
        }
        var offset = ProductQueryParser.ParseOffset(query["offset"]);
        if (offset is null)
        {
            errors["offset"] = ["offset is a whole number from 0 to 1000."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var response = await cache.GetOrCreateAsync(ProductQueryParser.CacheKey("search", filter, text, offset, limit), async ct =>
        {
            var hits = await store.SearchAsync(text!, filter, offset!.Value, limit!.Value, ct);
            var body = new SearchResponse(text!, hits.Select(h => new SearchResultItem(ProductSummary.From(h.Product), h.Rank)).ToList(), offset!.Value, limit!.Value);
            return (JsonSerializer.Serialize(body, CatalogJson.Options), null);
        }, cancellationToken);
        return HttpCaching.IsNotModified(context, response) ? HttpCaching.NotModified() : HttpCaching.Json(response);
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ValidationProblem>> GetFacets(
        HttpContext context, CategoryCatalog categories, CatalogReadCache cache, ICatalogStore store, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var (filter, errors) = ProductQueryParser.ParseFilter(query, await categories.GetAllAsync(cancellationToken));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var response = await cache.GetOrCreateAsync(ProductQueryParser.CacheKey("facets", filter), async ct =>
        {
            var facets = await store.GetFacetsAsync(filter, ct);
            var body = new FacetsResponse(facets.Total, facets.Brands, facets.Attributes, facets.MinPrice, facets.MaxPrice, facets.Currency);
            return (JsonSerializer.Serialize(body, CatalogJson.Options), null);
        }, cancellationToken);
        return HttpCaching.IsNotModified(context, response) ? HttpCaching.NotModified() : HttpCaching.Json(response);
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, NotFound>> GetProductById(
        Guid id, HttpContext context, CatalogReadCache cache, ICatalogStore store, CancellationToken cancellationToken)
    {
        var response = await cache.GetOrCreateAsync($"product:{id:N}", async ct => Publish(await store.GetProductAsync(id, ct)), cancellationToken);
        if (!response.Found)
        {
            return TypedResults.NotFound();
        }
        return HttpCaching.IsNotModified(context, response) ? HttpCaching.NotModified() : HttpCaching.Json(response);
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, NotFound>> GetProductBySlug(
        string slug, HttpContext context, CatalogReadCache cache, ICatalogStore store, CancellationToken cancellationToken)
    {
        if (slug.Length > 200)
        {
            return TypedResults.NotFound();
        }
        var response = await cache.GetOrCreateAsync($"slug:{slug}", async ct => Publish(await store.GetProductBySlugAsync(slug, ct)), cancellationToken);
        if (!response.Found)
        {
            return TypedResults.NotFound();
        }
        return HttpCaching.IsNotModified(context, response) ? HttpCaching.NotModified() : HttpCaching.Json(response);
    }

    /// <summary>Drafts are not public; archived products stay reachable by id and slug so old links and orders resolve.</summary>
    private static (string, string?)? Publish(Product? product) =>
        product is null || product.Status == ProductStatus.Draft
            ? null
            : (JsonSerializer.Serialize(ProductResponse.From(product), CatalogJson.Options), HttpCaching.ProductETag(product.Version));

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> GetCategoryTree(
        HttpContext context, CatalogReadCache cache, CategoryCatalog categories, CancellationToken cancellationToken)
    {
        var response = await cache.GetOrCreateAsync("tree", async ct =>
        {
            var all = await categories.GetAllAsync(ct);
            return (JsonSerializer.Serialize(CategoryTree.Build(all), CatalogJson.Options), null);
        }, cancellationToken);
        return HttpCaching.IsNotModified(context, response) ? HttpCaching.NotModified() : HttpCaching.Json(response);
    }

    public static Results<ContentHttpResult, NotFound> GetPlaceholderImage(string name, HttpContext context)
    {
        if (!name.EndsWith(".svg", StringComparison.Ordinal) || name.Length > 204)
        {
            return TypedResults.NotFound();
        }
        var slug = name[..^4];
        if (!Products.ProductValidator.SlugPattern().IsMatch(slug))
        {
            return TypedResults.NotFound();
        }
        // The picture is a pure function of the slug: cacheable by browsers and the gateway for a long time.
        context.Response.Headers.CacheControl = "public, max-age=86400, immutable";
        return TypedResults.Content(PlaceholderImage.Svg(slug), "image/svg+xml");
    }
}

internal static class CategoryTree
{
    public static IReadOnlyList<CategoryNode> Build(IReadOnlyList<Category> categories)
    {
        var byParent = categories.ToLookup(c => c.ParentId);
        IReadOnlyList<CategoryNode> Children(Guid? parentId) => byParent[parentId]
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new CategoryNode(c.Id, c.Slug, c.Name, c.Path, c.Depth, c.Attributes, Children(c.Id)))
            .ToList();
        return Children(null);
    }
}
