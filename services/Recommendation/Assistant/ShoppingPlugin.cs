using System.ComponentModel;
using Microsoft.SemanticKernel;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Assistant;

/// <summary>
/// What the assistant can do, as Semantic Kernel functions: the chat model picks among them, and the no-model responder
/// calls the same ones. One instance per conversation turn, bound to the signed-in <see cref="Shopper"/>.
/// </summary>
public sealed class ShoppingPlugin(
    Shopper shopper,
    ProductSearch search,
    ProductDirectory directory,
    AvailabilityClient availability,
    OrdersClient orders)
{
    [KernelFunction("search_products")]
    [Description("Searches the catalog by meaning. Returns up to 5 products with id, SKU, name, category, brand and lowest price.")]
    public async Task<IReadOnlyList<ProductSuggestion>> SearchProductsAsync(
        [Description("What the shopper is looking for, in their words")] string query,
        [Description("Highest price the shopper wants to pay, if they said one")] decimal? maxPrice = null,
        [Description("Lowest price, if they said one")] decimal? minPrice = null,
        [Description("Category path to stay within, e.g. footwear/boots, if known")] string? category = null,
        CancellationToken cancellationToken = default) =>
        await search.SearchAsync(query, SearchMode.Blended, new SearchFilters(category, minPrice, maxPrice), 5, cancellationToken);

    [KernelFunction("similar_products")]
    [Description("Products similar to a given product (by id).")]
    public async Task<IReadOnlyList<ProductSuggestion>> SimilarProductsAsync(
        [Description("The product id (GUID)")] Guid productId,
        CancellationToken cancellationToken = default)
    {
        if (await directory.Vectors.GetVectorAsync(productId, cancellationToken) is not { } vector)
        {
            return [];
        }
        var matches = await directory.Vectors.SearchAsync(
            new VectorSearch.VectorQuery(vector, 5, Exclude: new HashSet<Guid> { productId }), cancellationToken);
        return matches
            .Select(m => directory.Find(m.ProductId) is { } p ? ProductSuggestion.Of(p, m.Score) : null)
            .OfType<ProductSuggestion>()
            .ToList();
    }

    [KernelFunction("get_product_details")]
    [Description("Details of one product (by id) and how many units of each SKU are available now.")]
    public async Task<ProductDetails?> GetProductDetailsAsync(
        [Description("The product id (GUID)")] Guid productId,
        CancellationToken cancellationToken = default)
    {
        if (directory.Find(productId) is not { } product)
        {
            return null;
        }
        IReadOnlyList<string> skus = product.VariantSkus.Count > 0 ? product.VariantSkus : [product.Sku];
        var available = await availability.AvailableAsync(skus, cancellationToken);
        return new ProductDetails(
            product.ProductId, product.Name, product.Brand, product.CategoryPath, product.Price, product.Currency,
            skus.Select(sku => new SkuAvailability(sku, available?.GetValueOrDefault(sku))).ToList());
    }

    [KernelFunction("list_recent_orders")]
    [Description("The signed-in shopper's most recent orders with their status and total.")]
    public Task<IReadOnlyList<OrderOverview>> ListRecentOrdersAsync(CancellationToken cancellationToken = default) =>
        orders.RecentOrdersAsync(shopper, 5, cancellationToken);

    [KernelFunction("add_to_cart")]
    [Description("Adds a SKU to the signed-in shopper's cart. Use a sellable SKU (a variant's SKU when the product has variants).")]
    public Task<CartChange> AddToCartAsync(
        [Description("The SKU to add")] string sku,
        [Description("How many, 1 to 99")] int quantity = 1,
        CancellationToken cancellationToken = default) =>
        quantity is < 1 or > 99
            ? Task.FromResult(new CartChange(false, "The quantity must be between 1 and 99."))
            : orders.AddToCartAsync(shopper, sku, quantity, cancellationToken);
}

/// <summary><see cref="Available"/> is null when Inventory could not be asked.</summary>
public sealed record SkuAvailability(string Sku, int? Available);

public sealed record ProductDetails(
    Guid ProductId, string Name, string? Brand, string CategoryPath, decimal Price, string Currency, IReadOnlyList<SkuAvailability> Skus);
