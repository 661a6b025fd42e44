using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Apis;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class RecommendationServiceTests(RecommendationServiceFixture service) : IClassFixture<RecommendationServiceFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_ProductUpserted_makes_the_product_findable_by_meaning()
    {
        var id = Guid.NewGuid();
        var product = new ProductUpserted(id, "TEST-KAYAK-1", "Riverrun Touring Kayak", "riverrun-touring-kayak",
            "A stable sit-in boat for paddling lakes and slow rivers, with a spray deck.", "Riverrun",
            Guid.NewGuid(), "outdoor/watersports/kayaks", 649m, "USD", "Active", new Dictionary<string, string> { ["seats"] = "1" }, [])
        { OccurredAt = DateTimeOffset.UtcNow };
        using var client = service.CreateClient();

        var before = await SearchAsync(client, "a boat I can paddle on the river");
        await service.PublishAsync(product);
        var after = await SearchAsync(client, "a boat I can paddle on the river");

        Assert.DoesNotContain(before.Items, i => i.ProductId == id);
        Assert.Equal(id, after.Items[0].ProductId);
    }

    [Fact]
    public async Task An_archived_product_disappears_and_an_older_event_is_ignored()
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        ProductUpserted Version(string status, DateTimeOffset occurredAt) => new(id, "TEST-GLOBE-1", "Brass Desk Globe Lamp", "brass-desk-globe-lamp",
            "An antique brass lamp shaped like a globe.", "Lumen", Guid.NewGuid(), "home/lamps/desk", 80m, "USD", status,
            new Dictionary<string, string>(), []) { OccurredAt = occurredAt };
        using var client = service.CreateClient();

        await service.PublishAsync(Version("Active", at), Version("Archived", at.AddSeconds(1)), Version("Active", at.AddSeconds(-5)));

        Assert.DoesNotContain((await SearchAsync(client, "brass globe desk lamp")).Items, i => i.ProductId == id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/recommendations/similar/{id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Search_filters_by_category_and_price()
    {
        using var client = service.CreateClient();

        var result = await SearchAsync(client, "waterproof boots for hiking", "&category=footwear&maxPrice=150&limit=20");

        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i => Assert.True(i.Price <= 150m && i.CategoryPath.StartsWith("footwear/", StringComparison.Ordinal), i.Name));
        Assert.Contains("/boots", result.Items[0].CategoryPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=tent&mode=fuzzy", "mode")]
    [InlineData("q=tent&limit=0", "limit")]
    [InlineData("q=tent&minPrice=50&maxPrice=10", "maxPrice")]
    public async Task Bad_search_input_is_a_400_naming_the_field(string query, string field)
    {
        using var client = service.CreateClient();

        var response = await client.GetAsync($"/api/recommendations/search?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Similar_products_exclude_the_product_and_stay_close_to_it()
    {
        var tent = service.Catalog.First(p => p.CategoryPath.EndsWith("/tents", StringComparison.Ordinal));
        using var client = service.CreateClient();

        var similar = await client.GetFromJsonAsync<List<ProductSuggestion>>($"/api/recommendations/similar/{tent.Id}?limit=5", Json, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, similar!.Count);
        Assert.DoesNotContain(similar, s => s.ProductId == tent.Id);
        Assert.Equal(tent.CategoryPath, similar[0].CategoryPath);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/recommendations/similar/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task For_me_needs_a_signed_in_user()
    {
        using var anonymous = service.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/recommendations/for-me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task OrderPlaced_changes_for_me_and_bought_together_and_a_duplicate_changes_nothing()
    {
        var buyer = Guid.NewGuid();
        var pans = service.Catalog.Where(p => p.CategoryPath.EndsWith("/frying-pans", StringComparison.Ordinal)).ToList();
        var speakers = service.Catalog.Where(p => p.CategoryPath.EndsWith("/bluetooth-speakers", StringComparison.Ordinal)).ToList();
        var (pan, speaker) = (pans[0], speakers[0]);
        using var client = service.CreateClient(buyer);

        var newcomer = await client.GetFromJsonAsync<List<ProductSuggestion>>("/api/recommendations/for-me?limit=6", Json, cancellationToken: TestContext.Current.CancellationToken);
        var order = Order(buyer, pan, speaker);
        await service.PublishAsync(order);
        var forMe = await client.GetFromJsonAsync<List<ProductSuggestion>>("/api/recommendations/for-me?limit=6", Json, cancellationToken: TestContext.Current.CancellationToken);
        var together = await client.GetFromJsonAsync<List<BoughtTogetherItem>>($"/api/recommendations/bought-together/{pan.Id}", Json, cancellationToken: TestContext.Current.CancellationToken);
        // The redelivered order, then an empty order to wait for (the duplicate leaves no inbox row of its own).
        await service.PublishAsync(order, Order(Guid.NewGuid()));
        var togetherAgain = await client.GetFromJsonAsync<List<BoughtTogetherItem>>($"/api/recommendations/bought-together/{pan.Id}", Json, cancellationToken: TestContext.Current.CancellationToken);

        // A newcomer gets one popular product per category; a buyer gets products like theirs, never what they bought.
        Assert.Equal(6, newcomer!.Select(p => p.CategoryPath).Distinct().Count());
        Assert.DoesNotContain(forMe!, p => p.ProductId == pan.Id || p.ProductId == speaker.Id);
        Assert.All(forMe!, p => Assert.True(
            p.CategoryPath == pan.CategoryPath || p.CategoryPath == speaker.CategoryPath, $"{p.Name} in {p.CategoryPath}"));
        var pair = Assert.Single(together!);
        Assert.Equal((speaker.Id, 1), (pair.Product.ProductId, pair.Orders));
        Assert.Equal((speaker.Id, 1), (togetherAgain!.Single().Product.ProductId, togetherAgain!.Single().Orders));
    }

    [Fact]
    public async Task Bought_together_counts_orders_across_customers()
    {
        var backpacks = service.Catalog.Where(p => p.CategoryPath.EndsWith("/hiking-backpacks", StringComparison.Ordinal)).ToList();
        var (anchor, often, once) = (backpacks[^1], backpacks[^2], backpacks[^3]);
        using var client = service.CreateClient();

        await service.PublishAsync(Order(Guid.NewGuid(), anchor, often), Order(Guid.NewGuid(), anchor, often, once));

        var together = await client.GetFromJsonAsync<List<BoughtTogetherItem>>($"/api/recommendations/bought-together/{anchor.Id}", Json, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([(often.Id, 2), (once.Id, 1)], together!.Select(t => (t.Product.ProductId, t.Orders)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/recommendations/bought-together/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static OrderPlaced Order(Guid customer, params Vargo.DemoData.DemoProduct[] products) =>
        new(Guid.NewGuid(), customer, "shopper@example.test",
            products.Select(p => new OrderLine(p.Id, p.SellableSkus.First(), p.Name, 1, p.Price)).ToList(),
            products.Sum(p => p.Price), "USD")
        { OccurredAt = DateTimeOffset.UtcNow };

    private static async Task<SearchResponse> SearchAsync(HttpClient client, string q, string extra = "")
    {
        var response = await client.GetAsync($"/api/recommendations/search?q={Uri.EscapeDataString(q)}{extra}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(Json))!;
    }
}
