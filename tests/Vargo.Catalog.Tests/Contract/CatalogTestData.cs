using System.Text.Json;
using Vargo.Catalog.Model;
using Vargo.Catalog.Products;
using Vargo.Catalog.Store;
using Vargo.Messaging.Contracts;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>Small, self-describing products and categories for store and API tests (unique per test by a tag).</summary>
internal static class CatalogTestData
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Tag() => Guid.NewGuid().ToString("N")[..8];

    public static Category Category(string slug, Category? parent = null, params AttributeDefinition[] attributes) => new()
    {
        Id = Guid.CreateVersion7(),
        ParentId = parent?.Id,
        Slug = slug,
        Name = slug,
        Path = parent is null ? slug : $"{parent.Path}/{slug}",
        Depth = parent is null ? 0 : parent.Depth + 1,
        Attributes = attributes,
        UpdatedAt = Epoch,
    };

    public static Product Product(
        string sku,
        Category category,
        decimal price,
        string? brand = null,
        string? name = null,
        int minutesAfterEpoch = 0,
        Dictionary<string, object>? attributes = null,
        params ProductVariant[] variants) => new()
    {
        Id = Guid.CreateVersion7(),
        Sku = sku,
        Name = name ?? $"Product {sku}",
        Slug = sku.ToLowerInvariant(),
        Description = $"Description of {name ?? sku}",
        Brand = brand,
        CategoryId = category.Id,
        CategoryPath = category.Path,
        Price = price,
        Currency = "USD",
        Images = [ProductValidator.PlaceholderImageUrl(sku.ToLowerInvariant())],
        Status = ProductStatus.Active,
        Attributes = Json(attributes),
        Variants = variants,
        CreatedAt = Epoch.AddMinutes(minutesAfterEpoch),
        UpdatedAt = Epoch.AddMinutes(minutesAfterEpoch),
    };

    public static ProductVariant Variant(string sku, decimal price, Dictionary<string, object> attributes) => new(sku, null, price, Json(attributes));

    public static Dictionary<string, JsonElement> Json(Dictionary<string, object>? values) =>
        (values ?? []).ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value));

    public static async Task AddAsync(this ICatalogStore store, params Product[] products) =>
        await store.AddProductsAsync(products.Select(p => (p, ProductEvents.Upserted(p, Epoch))).ToList(), CancellationToken.None);

    public static ProductUpserted Event(Product product) => ProductEvents.Upserted(product, Epoch);
}
