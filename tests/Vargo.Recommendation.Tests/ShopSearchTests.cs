using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Apis;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

/// <summary>GET /api/recommendations/find over the seeded demo categories (real PostgreSQL and RabbitMQ, MiniLM in process).</summary>
public sealed class ShopSearchTests(RecommendationServiceFixture service) : IClassFixture<RecommendationServiceFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_sentence_finds_products_though_not_every_word_is_in_them()
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, "something warm and waterproof for my feet on winter hikes");

        Assert.NotEmpty(result.Items);
        Assert.EndsWith("/boots", result.Items[0].CategoryPath, StringComparison.Ordinal);
        Assert.Equal(result.Total, result.Facets.Categories.Sum(c => c.Count));
    }

    [Theory]
    [InlineData("waterproof hiking boots", "waterprof hiking boots")]
    [InlineData("cast iron frying pan", "cast iron fryign pan")]
    [InlineData("bluetooth speaker", "bluetoth speaker")]
    [InlineData("shoes for jogging", "shoes for jgging")]
    [InlineData("tent for two people", "tent for two poeple")]
    public async Task A_misspelled_word_finds_the_same_top_products_as_the_right_spelling(string right, string misspelled)
    {
        using var client = service.CreateClient();

        var expected = await FindAsync(client, right);
        var actual = await FindAsync(client, misspelled);

        Assert.Equal(expected.Items[0].CategoryPath, actual.Items[0].CategoryPath);
        // The same category dominates the first five either way.
        var leaf = expected.Items[0].CategoryPath;
        Assert.True(actual.Items.Take(5).Count(i => i.CategoryPath == leaf) >= 4, string.Join(", ", actual.Items.Take(5).Select(i => i.Name)));
    }

    [Fact]
    public async Task A_typed_price_bound_becomes_a_filter()
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, "running shoes under $90");

        Assert.Equal(90m, result.Interpreted.MaxPrice);
        Assert.Equal("USD", result.Interpreted.Currency);
        Assert.Equal("running shoes", result.Interpreted.Text);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i => Assert.True(i.Price <= 90m, $"{i.Name} {i.Price}"));
        Assert.EndsWith("/running-shoes", result.Items[0].CategoryPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bluetooth speaker under 50 bucks", null, "50")]
    [InlineData("frying pan $40 or less", null, "40")]
    [InlineData("hiking boots around $150", "120", "180")]
    [InlineData("tent from $100 to $300", "100", "300")]
    public async Task Other_ways_of_saying_a_price_become_filters(string q, string? min, string? max)
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, q, "&limit=50");

        Assert.Equal("USD", result.Interpreted.Currency);
        Assert.NotEmpty(result.Items);
        var low = min is null ? decimal.MinValue : decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture);
        var high = max is null ? decimal.MaxValue : decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(result.Items, i => Assert.InRange(i.Price, low, high));
    }

    [Fact]
    public async Task A_british_word_finds_what_the_american_one_does()
    {
        using var client = service.CreateClient();

        var british = await FindAsync(client, "rucksack for a weekend hike");

        Assert.EndsWith("/hiking-backpacks", british.Items[0].CategoryPath, StringComparison.Ordinal);
        Assert.True(british.Items.Take(5).All(i => i.CategoryPath.EndsWith("/hiking-backpacks", StringComparison.Ordinal)),
            string.Join(", ", british.Items.Take(5).Select(i => i.Name)));
    }

    [Theory]
    [InlineData("bergen", "/hiking-backpacks")]
    [InlineData("tawa", "/frying-pans")]
    [InlineData("gumboots", "/boots")]
    // "school run" also calls for kids' sneakers (the uses list): a query that names its kind keeps it.
    [InlineData("gumboots for the school run", "/boots")]
    [InlineData("a bergen for the weekend", "/hiking-backpacks")]
    public async Task A_shoppers_name_for_a_kind_of_product_finds_it_though_no_product_text_uses_it(string q, string leaf)
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, q);

        Assert.NotEmpty(result.Items);
        Assert.True(result.Items.Take(5).All(i => i.CategoryPath.EndsWith(leaf, StringComparison.Ordinal)),
            string.Join(", ", result.Items.Take(5).Select(i => i.Name)));
    }

    [Theory]
    [InlineData("duke of edinburgh", "/hiking-backpacks")]
    [InlineData("tailgating", "/bluetooth-speakers")]
    public async Task An_activity_finds_the_kind_of_product_it_calls_for_though_no_word_of_it_names_one(string q, string leaf)
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, q);

        Assert.NotEmpty(result.Items);
        Assert.True(result.Items.Take(5).All(i => i.CategoryPath.EndsWith(leaf, StringComparison.Ordinal)),
            string.Join(", ", result.Items.Take(5).Select(i => i.Name)));
    }

    [Fact]
    public async Task A_letter_size_does_not_empty_a_search_for_shoes_sized_in_numbers()
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, "running shoes medium");

        // (This fixture seeds no letter-sized products, so "m" is also a size no product comes in and is dropped; with
        // apparel in the catalog it stays a filter that shoes, sized in numbers, pass.)
        Assert.NotEmpty(result.Items);
        Assert.EndsWith("/running-shoes", result.Items[0].CategoryPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_price_bound_in_another_currency_is_not_compared_with_dollar_prices()
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, "running shoes under £90");

        Assert.Equal("GBP", result.Interpreted.Currency);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task A_colour_and_a_size_keep_only_products_that_come_in_them()
    {
        using var client = service.CreateClient();
        var directory = service.Factory.Services.GetRequiredService<ProductDirectory>();

        var result = await FindAsync(client, "red boots size 42", "&limit=20");

        Assert.Equal("red", result.Interpreted.Colour);
        Assert.Equal("42", result.Interpreted.Size);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i =>
        {
            var (colours, sizes) = directory.OptionsOf(i.ProductId);
            Assert.True(colours.Count == 0 || colours.Contains("red"), i.Name);
            Assert.True(sizes.Count == 0 || sizes.Contains("42"), i.Name);
        });
    }

    [Theory]
    [InlineData("hiking backpak", "hiking backpack")]
    [InlineData("fryingpan for eggs", "frying pan for eggs")]
    [InlineData("fryingpan under $40", "frying pan")]
    [InlineData("fryingpan", "frying pan")]
    [InlineData("tent for a festival", null)]
    public async Task The_answer_says_the_query_with_its_typos_corrected_and_nothing_when_there_were_none(string q, string? corrected)
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, q);

        Assert.Equal(corrected, result.Interpreted.Corrected);
        Assert.NotEmpty(result.Items);
    }

    [Theory]
    [InlineData("lamp under 50", "lamp unedr 50")]
    [InlineData("yoga mat under $30", "yoga mat uner $30")]
    [InlineData("mummy bag yellow", "mummy bag yelow")]
    [InlineData("red boots size 42", "red boots sizze 42")]
    [InlineData("olive green t-shirt", "oilve green t-shirt")]
    public async Task A_constraint_typed_with_a_typo_is_read_as_the_right_spelling_is(string right, string misspelled)
    {
        using var client = service.CreateClient();

        var expected = await FindAsync(client, right, "&limit=20");
        var actual = await FindAsync(client, misspelled, "&limit=20");

        Assert.True(expected.Interpreted.MaxPrice is not null || expected.Interpreted.Colour is not null || expected.Interpreted.Size is not null);
        Assert.Equal((expected.Interpreted.MaxPrice, expected.Interpreted.Currency, expected.Interpreted.Colour, expected.Interpreted.Size),
            (actual.Interpreted.MaxPrice, actual.Interpreted.Currency, actual.Interpreted.Colour, actual.Interpreted.Size));
        Assert.Equal(expected.Interpreted.Text, actual.Interpreted.Corrected);
        Assert.Equal(expected.Items.Select(i => i.ProductId), actual.Items.Select(i => i.ProductId));
    }

    [Fact]
    public async Task A_query_that_finds_nothing_still_says_how_a_constraint_typed_with_a_typo_was_read()
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, "xqzvbnm unedr 50");

        Assert.Empty(result.Items);
        Assert.Equal(50m, result.Interpreted.MaxPrice);
        Assert.Equal("xqzvbnm", result.Interpreted.Corrected);
    }

    [Theory]
    [InlineData("birthday present for a runner", "birthday prsent for a runner")]
    [InlineData("wedding gift for a couple who love cooking", "wdeding gift for a couple who love cooking")]
    public async Task An_occasion_word_typed_with_a_typo_is_left_out_as_the_right_spelling_is(string right, string misspelled)
    {
        using var client = service.CreateClient();

        var expected = await FindAsync(client, right);
        var actual = await FindAsync(client, misspelled);

        Assert.NotEmpty(expected.Items);
        Assert.Equal(expected.Items.Select(i => i.ProductId), actual.Items.Select(i => i.ProductId));
    }

    [Fact]
    public async Task A_colour_no_product_comes_in_is_no_filter_and_does_not_leave_only_colourless_products()
    {
        using var client = service.CreateClient();

        // No demo product comes in brown: kept as a filter it left only books (they name no colour), found by "crown".
        var result = await FindAsync(client, "leather boots brown");

        Assert.Null(result.Interpreted.Colour);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items.Take(5), i => Assert.EndsWith("/boots", i.CategoryPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_kind_of_thing_named_comes_first_though_the_filters_leave_more_of_another_kind()
    {
        using var client = service.CreateClient();

        // Few running shoes are red and under $80, more kids' sneakers are: the category the words name still leads.
        var result = await FindAsync(client, "running shoes in red under $80");

        Assert.Equal("red", result.Interpreted.Colour);
        Assert.True(result.Items.Count >= 2);
        Assert.All(result.Items.Take(2), i => Assert.EndsWith("/running-shoes", i.CategoryPath, StringComparison.Ordinal));
    }

    // Codes that lost to a hundred faintly alike products before a word only one product uses named it (the browser
    // test's "Quokka mug {code}" failed on about one code in ten).
    [Theory]
    [InlineData("08839266e5")]
    [InlineData("c84aeb1a66")]
    [InlineData("733932bed4")]
    [InlineData("b3aaf8a863")]
    public async Task A_word_only_one_product_uses_finds_that_product_first(string code)
    {
        var id = Guid.NewGuid();
        await service.PublishAsync(new ProductUpserted(id, $"WEB-{code}".ToUpperInvariant(), $"Quokka mug {code}", $"web-{code}", null,
            "Vargo Test", Guid.NewGuid(), $"shop-{code}", 9.99m, "USD", "Active", new Dictionary<string, string>(), [])
        { OccurredAt = DateTimeOffset.UtcNow });
        using var client = service.CreateClient();

        var result = await FindAsync(client, code);

        Assert.Equal(id, result.Items[0].ProductId);
    }

    [Theory]
    [InlineData("christmas gift for a keen cook", "for a keen cook")]
    [InlineData("Birthday present for my dad who loves hiking", "for my dad who loves hiking")]
    [InlineData("stocking fillers under the tree", "under the tree")]
    [InlineData("bday present for a runner", "for a runner")]
    [InlineData("Father's Day gift for a keen cyclist", "for a keen cyclist")]
    [InlineData("housewarming ideas under 40", "ideas under 40")]
    [InlineData("Father’s Day gift mug", "mug")]
    [InlineData("valentine gift for her", "for her")]
    [InlineData("gift", "gift")]
    public void Occasion_words_are_left_out_of_the_ranked_text_unless_nothing_else_is_left(string q, string ranked) =>
        Assert.Equal(ranked, ShopSearch.WithoutOccasion(q));

    [Fact]
    public async Task Facets_count_the_fused_result_and_a_chosen_facet_narrows_it()
    {
        using var client = service.CreateClient();

        var all = await FindAsync(client, "gear for a weekend camping trip", "&limit=50");
        var tents = all.Facets.Categories.Single(c => c.Value.EndsWith("/tents", StringComparison.Ordinal));
        var narrowed = await FindAsync(client, "gear for a weekend camping trip", $"&limit=50&category={Uri.EscapeDataString(tents.Value)}");

        Assert.True(all.Facets.Categories.Count > 1);
        Assert.Equal(all.Total, all.Facets.Brands.Sum(b => b.Count));
        Assert.Equal(tents.Count, narrowed.Total);
        Assert.All(narrowed.Items, i => Assert.Equal(tents.Value, i.CategoryPath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("xqzvbnm")]
    [InlineData("asdfghjkl qwertyuiop")]
    [InlineData("!!!???")]
    [InlineData("under $30")]
    [InlineData("under 50 bucks")]
    [InlineData("$20-$40 size 42")]
    [InlineData("7f3a9c2e-1b4d")]
    public async Task An_empty_or_meaningless_query_is_an_empty_answer_not_an_error(string q)
    {
        using var client = service.CreateClient();

        var result = await FindAsync(client, q);

        Assert.Empty(result.Items);
        Assert.Equal(0, result.Total);
        Assert.Empty(result.Facets.Categories);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("minPrice=-1", "minPrice")]
    [InlineData("minPrice=50&maxPrice=10", "maxPrice")]
    public async Task Bad_input_is_a_400_naming_the_field(string query, string field)
    {
        using var client = service.CreateClient();

        var response = await client.GetAsync($"/api/recommendations/find?q=boots&{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_query_over_500_characters_is_a_400_naming_q()
    {
        using var client = service.CreateClient();

        var response = await client.GetAsync($"/api/recommendations/find?q={new string('a', 501)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("q", out _));
    }

    private static async Task<ShopSearchResponse> FindAsync(HttpClient client, string q, string extra = "")
    {
        var response = await client.GetAsync($"/api/recommendations/find?q={Uri.EscapeDataString(q)}{extra}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ShopSearchResponse>(Json))!;
    }
}
