using System.Text.Json;
using Microsoft.Extensions.Options;
using Vargo.Catalog.Model;
using Vargo.Catalog.Products;
using Vargo.Catalog.Store;
using Vargo.DemoData;

namespace Vargo.Catalog.Seeding;

/// <summary>
/// When the catalog has no product yet, loads the demo catalog (Vargo.DemoData) so a fresh system has something to
/// browse. Runs at start-up once the store's schema is current (<see cref="Extensions.CatalogStoreExtensions"/>);
/// <c>Catalog:SeedDemoData=false</c> turns it off (tests that want an empty catalog).
/// </summary>
public sealed class DemoCatalogSeeder(ICatalogStore store, IOptions<CatalogOptions> options, TimeProvider time, ILogger<DemoCatalogSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData || await store.HasProductsAsync(cancellationToken))
        {
            return;
        }
        var (categories, products) = await AddMissingAsync(cancellationToken);
        logger.LogInformation("Seeded the demo catalog: {Categories} categories, {Products} products.", categories, products);
    }

    /// <summary>
    /// The dashboard's "reseed" (ops command <c>reseed-demo-catalog</c>): puts back every demo category and product the
    /// catalog lacks (deleted, or never seeded because <c>SeedDemoData</c> was off), with a ProductUpserted event each so
    /// search and recommendations learn them too. Products that exist are left as they are (an admin's edits stay).
    /// </summary>
    public async Task<string> RestoreAsync(CancellationToken cancellationToken)
    {
        var (categories, products) = await AddMissingAsync(cancellationToken);
        logger.LogInformation("Restored the demo catalog: {Categories} categories, {Products} products added.", categories, products);
        return $"Demo catalog restored: {categories} categories and {products} products added; the others were already there.";
    }

    private async Task<(int Categories, int Products)> AddMissingAsync(CancellationToken cancellationToken)
    {
        var demo = DemoCatalog.Create();
        var existing = (await store.GetCategoriesAsync(cancellationToken)).Select(c => c.Id).ToHashSet();
        var now = time.GetUtcNow();
        var categories = demo.Categories.Select(c => ToCategory(c, now)).ToList();
        var addedCategories = 0;
        foreach (var category in categories.Where(c => !existing.Contains(c.Id)))
        {
            await store.AddCategoryAsync(category, cancellationToken);
            addedCategories++;
        }

        var types = categories.ToDictionary(c => c.Id, c => ProductValidator.EffectiveDefinitions(c, categories));
        var addedProducts = 0;
        foreach (var batch in demo.Products.Chunk(200))
        {
            var present = (await store.GetProductsAsync([], batch.Select(p => p.Id).ToList(), cancellationToken)).Select(p => p.Id).ToHashSet();
            var products = batch.Where(p => !present.Contains(p.Id)).Select(p => ToProduct(p, types[p.CategoryId], now)).ToList();
            if (products.Count > 0)
            {
                await store.AddProductsAsync(products.Select(p => (p, ProductEvents.Upserted(p, now))).ToList(), cancellationToken);
                addedProducts += products.Count;
            }
        }
        return (addedCategories, addedProducts);
    }

    internal static Category ToCategory(DemoCategory c, DateTimeOffset now) => new()
    {
        Id = c.Id,
        ParentId = c.ParentId,
        Slug = c.Slug,
        Name = c.Name,
        Path = c.Path,
        Depth = c.Depth,
        Attributes = c.Attributes.Select(a => new AttributeDefinition(a.Name, (AttributeType)(int)a.Type, a.AllowedValues, a.Unit)).ToList(),
        UpdatedAt = now,
    };

    internal static Product ToProduct(DemoProduct p, Dictionary<string, AttributeDefinition> definitions, DateTimeOffset now) => new()
    {
        Id = p.Id,
        Sku = p.Sku,
        Name = p.Name,
        Slug = p.Slug,
        Description = p.Description,
        Brand = p.Brand,
        CategoryId = p.CategoryId,
        CategoryPath = p.CategoryPath,
        Price = p.Price,
        Currency = p.Currency,
        CompareAtPrice = p.CompareAtPrice,
        Images = [ProductValidator.PlaceholderImageUrl(p.Slug)],
        Status = ProductStatus.Active,
        Attributes = Typed(p.Attributes, definitions),
        Variants = p.Variants.Select(v => new ProductVariant(v.Sku, v.Name, v.Price, Typed(v.Attributes, definitions))).ToList(),
        CreatedAt = p.CreatedAt,
        UpdatedAt = now,
    };

    private static Dictionary<string, JsonElement> Typed(IReadOnlyDictionary<string, string> values, Dictionary<string, AttributeDefinition> definitions) =>
        values.ToDictionary(kv => kv.Key, kv => AttributeValues.FromTyped(kv.Value, definitions[kv.Key].Type), StringComparer.Ordinal);
}
