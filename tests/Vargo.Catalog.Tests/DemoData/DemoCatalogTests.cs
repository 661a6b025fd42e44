using System.Text.Json;
using Vargo.Catalog.Products;
using Vargo.Catalog.Seeding;
using Vargo.DemoData;

namespace Vargo.Catalog.Tests.DemoData;

public sealed class DemoCatalogTests
{
    [Fact]
    public void Demo_catalog_is_large_deep_and_unique()
    {
        var demo = DemoCatalog.Create();

        Assert.True(demo.Products.Count >= 1000, $"{demo.Products.Count} products");
        Assert.True(demo.Categories.Count >= 30, $"{demo.Categories.Count} categories");
        Assert.True(demo.Categories.Max(c => c.Depth) >= 2, "three levels");
        Assert.Equal(demo.AllSkus.Count, demo.AllSkus.Distinct().Count());
        Assert.Equal(demo.Products.Count, demo.Products.Select(p => p.Slug).Distinct().Count());
        Assert.All(demo.Products, p => Assert.True(p.Price > 0 && p.Currency == "USD"));
        Assert.Contains(demo.Products, p => p.Variants.Count > 0);
        Assert.All(demo.Products.Where(p => p.Variants.Count > 0), p => Assert.DoesNotContain(p.Sku, p.SellableSkus));
    }

    [Fact]
    public void Same_seed_gives_the_same_catalog_and_another_seed_does_not()
    {
        var first = JsonSerializer.Serialize(DemoCatalog.Create(seed: 7, productCount: 300).Products);
        var again = JsonSerializer.Serialize(DemoCatalog.Create(seed: 7, productCount: 300).Products);
        var other = JsonSerializer.Serialize(DemoCatalog.Create(seed: 8, productCount: 300).Products);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Demo_stock_is_deterministic_and_has_sold_out_and_last_unit_skus()
    {
        var skus = DemoCatalog.Create().AllSkus;
        var quantities = skus.Select(DemoStock.InitialQuantity).ToList();

        Assert.Equal(quantities, skus.Select(DemoStock.InitialQuantity));
        Assert.Contains(0, quantities);
        Assert.Contains(1, quantities);
        Assert.All(quantities, q => Assert.InRange(q, 0, 200));
    }

    [Fact]
    public void Every_demo_product_passes_the_catalog_validation()
    {
        var demo = DemoCatalog.Create();
        var now = DateTimeOffset.UnixEpoch;
        var categories = demo.Categories.Select(c => DemoCatalogSeeder.ToCategory(c, now)).ToList();

        foreach (var demoProduct in demo.Products)
        {
            var category = categories.Single(c => c.Id == demoProduct.CategoryId);
            var product = DemoCatalogSeeder.ToProduct(demoProduct, ProductValidator.EffectiveDefinitions(category, categories), now);
            var input = new ProductInput(
                product.Sku, product.Name, product.Slug, product.Description, product.Brand, product.CategoryId, null,
                product.Price, product.Currency, product.CompareAtPrice, product.Images, "active", product.Attributes,
                product.Variants.Select(v => new VariantInput(v.Sku, v.Name, v.Price, v.Attributes)).ToList());

            var (validated, errors) = ProductValidator.Validate(input, categories, product.Id, now, now, 1);

            Assert.True(validated is not null, $"{product.Sku}: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
        }
    }
}
