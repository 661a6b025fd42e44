using Vargo.Catalog.Model;
using Vargo.Catalog.Seeding;
using Vargo.Catalog.Store;
using Vargo.DemoData;
using static Vargo.Catalog.Tests.Contract.CatalogTestData;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>
/// The behaviour every catalog store must have. Each store's test class derives from this and supplies a fresh,
/// empty, initialized store per test (a store without a server here skips the test from there, with <c>Assert.Skip</c>).
/// </summary>
public abstract partial class CatalogStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<ICatalogStore> CreateStoreAsync();

    private static readonly AttributeDefinition Colour = new("colour", AttributeType.Enum, ["Black", "Red", "Blue"]);
    private static readonly AttributeDefinition Size = new("size", AttributeType.Enum, ["40", "41", "42", "43"]);

    [Fact]
    public async Task Creates_reads_and_updates_a_product_with_optimistic_concurrency()
    {
        var store = await CreateStoreAsync();
        var shoes = Category("shoes", null, Colour, Size);
        await store.AddCategoryAsync(shoes, None);
        var product = Product("SHOE-1", shoes, 99.99m, "Stridewell", attributes: new() { ["colour"] = "Black" },
            variants: [Variant("SHOE-1-41", 99.99m, new() { ["size"] = "41" }), Variant("SHOE-1-42", 104.99m, new() { ["size"] = "42" })]);
        await store.AddAsync(product);

        var byId = await store.GetProductAsync(product.Id, None);
        var bySlug = await store.GetProductBySlugAsync("shoe-1", None);
        var byVariantSku = await store.GetProductBySkuAsync("SHOE-1-42", None);
        Assert.NotNull(byId);
        Assert.Equal(product.Id, bySlug?.Id);
        Assert.Equal(product.Id, byVariantSku?.Id);
        Assert.Equal(99.99m, byId.Price);
        Assert.Equal(104.99m, byId.Variants.Single(v => v.Sku == "SHOE-1-42").Price);
        Assert.Equal("Black", byId.Attributes["colour"].GetString());
        Assert.Equal(1, byId.Version);

        var renamed = byId with { Name = "Renamed", Version = 2, Variants = [byId.Variants[0]] };
        Assert.Equal(UpdateOutcome.Updated, await store.UpdateProductAsync(renamed, 1, Event(renamed), None));
        Assert.Equal(UpdateOutcome.VersionMismatch, await store.UpdateProductAsync(renamed with { Version = 2 }, 1, Event(renamed), None));
        Assert.Equal(UpdateOutcome.NotFound, await store.UpdateProductAsync(renamed with { Id = Guid.NewGuid() }, 1, Event(renamed), None));

        var stored = await store.GetProductAsync(product.Id, None);
        Assert.Equal("Renamed", stored!.Name);
        Assert.Equal(2, stored.Version);
        // The dropped variant's SKU is free again.
        Assert.Null(await store.GetProductBySkuAsync("SHOE-1-42", None));
    }

    [Fact]
    public async Task A_sku_is_unique_across_products_and_variants()
    {
        var store = await CreateStoreAsync();
        var shoes = Category("shoes", null, Size);
        await store.AddCategoryAsync(shoes, None);
        await store.AddAsync(Product("A-1", shoes, 10m, variants: [Variant("A-1-40", 10m, new() { ["size"] = "40" })]));

        var sameAsVariant = await Assert.ThrowsAsync<DuplicateKeyException>(() => store.AddAsync(Product("A-1-40", shoes, 10m)));
        var variantSameAsProduct = await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            store.AddAsync(Product("B-1", shoes, 10m, variants: [Variant("A-1", 10m, new() { ["size"] = "41" })])));
        var sameSlug = await Assert.ThrowsAsync<DuplicateKeyException>(() => store.AddAsync(Product("C-1", shoes, 10m) with { Slug = "a-1" }));

        Assert.Equal(("sku", "A-1-40"), (sameAsVariant.Field, sameAsVariant.Value));
        Assert.Equal(("sku", "A-1"), (variantSameAsProduct.Field, variantSameAsProduct.Value));
        Assert.Equal("slug", sameSlug.Field);
        Assert.Null(await store.GetProductBySkuAsync("B-1", None));
    }

    [Fact]
    public async Task Filters_by_category_with_descendants_brand_price_and_attribute_values()
    {
        var store = await CreateStoreAsync();
        var footwear = Category("footwear");
        var running = Category("running", footwear, Colour, Size);
        var boots = Category("boots", footwear, Colour);
        var books = Category("books");
        foreach (var category in new[] { footwear, running, boots, books })
        {
            await store.AddCategoryAsync(category, None);
        }
        await store.AddAsync(
            Product("R-1", running, 80m, "Stridewell", attributes: new() { ["colour"] = "Black" }, variants: [Variant("R-1-42", 80m, new() { ["size"] = "42" })]),
            Product("R-2", running, 120m, "Pacer", attributes: new() { ["colour"] = "Red" }, variants: [Variant("R-2-40", 120m, new() { ["size"] = "40" })]),
            Product("B-1", boots, 150m, "Stridewell", attributes: new() { ["colour"] = "Black" }),
            Product("K-1", books, 15m, "Meridian"),
            Product("D-1", running, 70m, "Stridewell") with { Status = ProductStatus.Draft });

        async Task<string[]> Skus(ProductFilter filter) =>
            (await store.ListProductsAsync(filter, ProductSort.Name, null, 50, None)).Items.Select(p => p.Sku).Order().ToArray();

        Assert.Equal(["B-1", "R-1", "R-2"], await Skus(new() { CategoryPath = "footwear" }));
        Assert.Equal(["R-1", "R-2"], await Skus(new() { CategoryPath = "footwear/running" }));
        Assert.Equal(["B-1", "R-1"], await Skus(new() { Brands = ["Stridewell"] }));
        Assert.Equal(["R-1", "R-2"], await Skus(new() { MinPrice = 80m, MaxPrice = 120m }));
        Assert.Equal(["B-1", "R-1"], await Skus(new() { Attributes = new Dictionary<string, IReadOnlyList<string>> { ["colour"] = ["Black"] } }));
        // A variant's value counts ("available in 42"); values of one attribute are alternatives.
        Assert.Equal(["R-1"], await Skus(new() { Attributes = new Dictionary<string, IReadOnlyList<string>> { ["size"] = ["42"] } }));
        Assert.Equal(["R-1", "R-2"], await Skus(new() { Attributes = new Dictionary<string, IReadOnlyList<string>> { ["size"] = ["40", "42"] } }));
        Assert.Equal(["R-1"], await Skus(new()
        {
            CategoryPath = "footwear",
            Attributes = new Dictionary<string, IReadOnlyList<string>> { ["size"] = ["40", "42"], ["colour"] = ["Black"] },
        }));
        Assert.Equal(["D-1"], await Skus(new() { Status = ProductStatus.Draft }));
    }

    [Fact]
    public async Task Keyset_pages_cover_every_product_exactly_once_while_products_are_inserted()
    {
        foreach (var sort in Enum.GetValues<ProductSort>())
        {
            await KeysetPagesCoverEveryProductOnce(await CreateStoreAsync(), sort);
        }
    }

    private static async Task KeysetPagesCoverEveryProductOnce(ICatalogStore store, ProductSort sort)
    {
        var shop = Category("shop");
        await store.AddCategoryAsync(shop, None);
        // Ties on purpose (same price, same name, same time) so the SKU tie-breaker matters.
        var originals = Enumerable.Range(0, 47)
            .Select(i => Product($"P-{i:D3}", shop, 10m + i % 5, name: $"Item {i % 7}", minutesAfterEpoch: i % 6))
            .ToArray();
        await store.AddAsync(originals);

        var seen = new List<string>();
        PageCursor? cursor = null;
        var inserted = 0;
        var pages = 0;
        do
        {
            var page = await store.ListProductsAsync(new ProductFilter(), sort, cursor, 10, None);
            seen.AddRange(page.Items.Select(p => p.Sku));
            cursor = page.Next;
            pages++;
            // Insert before, inside and after the current position.
            await store.AddAsync(
                Product($"N-{inserted++:D3}", shop, 9m, name: "Aardvark", minutesAfterEpoch: 100),
                Product($"N-{inserted++:D3}", shop, 12m, name: "Item 3", minutesAfterEpoch: 3),
                Product($"N-{inserted++:D3}", shop, 99m, name: "Zebra", minutesAfterEpoch: -100));
        }
        while (cursor is not null && pages < 50);

        var originalSkus = originals.Select(p => p.Sku).ToHashSet();
        Assert.True(seen.Count == seen.Distinct().Count(), $"{sort}: a product was listed twice");
        Assert.True(seen.ToHashSet().IsSupersetOf(originalSkus), $"{sort}: a product present from the start was skipped");
    }

    [Fact]
    public async Task Facets_count_brands_and_attribute_values_for_the_current_filter()
    {
        var store = await CreateStoreAsync();
        var running = Category("running", null, Colour, Size);
        var other = Category("other", null, Colour);
        await store.AddCategoryAsync(running, None);
        await store.AddCategoryAsync(other, None);
        await store.AddAsync(
            Product("R-1", running, 80m, "Stridewell", attributes: new() { ["colour"] = "Black" },
                variants: [Variant("R-1-41", 80m, new() { ["size"] = "41" }), Variant("R-1-42", 85m, new() { ["size"] = "42" })]),
            Product("R-2", running, 120m, "Stridewell", attributes: new() { ["colour"] = "Red" }, variants: [Variant("R-2-42", 120m, new() { ["size"] = "42" })]),
            Product("R-3", running, 60m, "Pacer", attributes: new() { ["colour"] = "Black" }),
            Product("O-1", other, 5m, "Pacer", attributes: new() { ["colour"] = "Blue" }));

        var facets = await store.GetFacetsAsync(new ProductFilter { CategoryPath = "running" }, None);

        Assert.Equal(3, facets.Total);
        Assert.Equal([new FacetCount("Stridewell", 2), new FacetCount("Pacer", 1)], facets.Brands);
        Assert.Equal([new FacetCount("Black", 2), new FacetCount("Red", 1)], facets.Attributes["colour"]);
        Assert.Equal([new FacetCount("42", 2), new FacetCount("41", 1)], facets.Attributes["size"]);
        Assert.Equal(60m, facets.MinPrice);
        Assert.Equal(120m, facets.MaxPrice);
    }

    [Fact]
    public async Task Search_for_running_shoes_ranks_running_shoes_first_in_the_demo_catalog()
    {
        var store = await CreateStoreAsync();
        await SeedDemoAsync(store);

        var hits = await store.SearchAsync("running shoes", new ProductFilter(), 0, 10, None);

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Contains("Running Shoes", h.Product.Name));
        Assert.All(hits, h => Assert.StartsWith("footwear/athletic-shoes/", h.Product.CategoryPath));
        Assert.True(hits.Zip(hits.Skip(1)).All(pair => pair.First.Rank >= pair.Second.Rank), "ordered by rank");

        var pans = await store.SearchAsync("frying pan", new ProductFilter(), 0, 5, None);
        Assert.All(pans, h => Assert.Equal("home-kitchen/cookware/frying-pans", h.Product.CategoryPath));
    }

    [Fact]
    public async Task Renaming_a_category_rewrites_the_paths_below_it()
    {
        var store = await CreateStoreAsync();
        var footwear = Category("footwear");
        var running = Category("running", footwear);
        await store.AddCategoryAsync(footwear, None);
        await store.AddCategoryAsync(running, None);
        var product = Product("R-1", running, 10m);
        await store.AddAsync(product);

        var shoes = footwear with { Slug = "shoes", Path = "shoes" };
        Assert.True(await store.UpdateCategoryAsync(shoes, "footwear", None));

        var categories = await store.GetCategoriesAsync(None);
        Assert.Equal("shoes/running", categories.Single(c => c.Id == running.Id).Path);
        Assert.Equal("shoes/running", (await store.GetProductAsync(product.Id, None))!.CategoryPath);
        Assert.Single((await store.ListProductsAsync(new ProductFilter { CategoryPath = "shoes" }, ProductSort.Name, null, 10, None)).Items);
        Assert.Equal(CategoryDeletion.HasChildren, await store.DeleteCategoryAsync(footwear.Id, None));
        Assert.Equal(CategoryDeletion.HasProducts, await store.DeleteCategoryAsync(running.Id, None));
    }

    [Fact]
    public async Task Looks_up_products_by_skus_and_ids_for_pricing()
    {
        var store = await CreateStoreAsync();
        var shop = Category("shop", null, Size);
        await store.AddCategoryAsync(shop, None);
        var withVariants = Product("V-1", shop, 20m, variants: [Variant("V-1-40", 20m, new() { ["size"] = "40" })]);
        var plain = Product("P-1", shop, 5m);
        var untouched = Product("U-1", shop, 7m);
        await store.AddAsync(withVariants, plain, untouched);

        var found = await store.GetProductsAsync(["V-1-40", "nope"], [plain.Id], None);

        Assert.Equal(new[] { plain.Id, withVariants.Id }.Order(), found.Select(p => p.Id).Order());
    }

    private static async Task SeedDemoAsync(ICatalogStore store)
    {
        var demo = DemoCatalog.Create();
        var now = DateTimeOffset.UnixEpoch;
        var categories = demo.Categories.Select(c => DemoCatalogSeeder.ToCategory(c, now)).ToList();
        foreach (var category in categories)
        {
            await store.AddCategoryAsync(category, None);
        }
        foreach (var batch in demo.Products.Chunk(300))
        {
            await store.AddAsync(batch.Select(p => DemoCatalogSeeder.ToProduct(
                p, Products.ProductValidator.EffectiveDefinitions(categories.Single(c => c.Id == p.CategoryId), categories), now)).ToArray());
        }
    }
}
