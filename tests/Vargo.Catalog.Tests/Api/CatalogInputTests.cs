using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vargo.Catalog.Tests.Api;

/// <summary>Issue 13 items 3, 4 and 5 for the catalog: cursors the server did not issue, cache keys, NUL in a body.</summary>
public sealed class CatalogInputTests(CatalogApiFixture fixture) : IClassFixture<CatalogApiFixture>
{
    private static string Cursor(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string> ForgedCursors => new()
    {
        // The timestamp of a newest-first cursor with a +02:00 offset (was a 500: timestamptz wants UTC).
        Cursor("""{"sort":"newest","lastCreatedAt":"2026-11-30T10:00:00+02:00","lastSku":"ABC-1"}"""),
        Cursor("""{"sort":"newest","lastSku":"ABC-1"}"""),
        Cursor("""{"sort":"newest","lastCreatedAt":"2026-11-30T10:00:00Z","lastPrice":5,"lastSku":"ABC-1"}"""),
        Cursor("""{"sort":"newest","lastCreatedAt":"2026-11-30T10:00:00Z","lastSku":"ABC\u0000"}"""),
        Cursor("""{"sort":"newest","lastCreatedAt":"2026-11-30T10:00:00Z","lastSku":""}"""),
        Cursor("""{"sort":99,"lastSku":"ABC-1"}"""),
        Cursor("""{"sort":"newest","lastCreatedAt":"99999-01-01T00:00:00Z","lastSku":"ABC-1"}"""),
        Cursor("""[]"""),
        Cursor("""null"""),
        "not base64 !",
        new string('A', 5000),
    };

    [Theory]
    [MemberData(nameof(ForgedCursors))]
    public async Task A_cursor_the_server_did_not_issue_is_a_400_naming_cursor(string cursor)
    {
        using var client = fixture.CreateClient();

        var response = await client.GetAsync("/api/catalog/products?limit=5&cursor=" + Uri.EscapeDataString(cursor), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("cursor", out _), errors.ToString());
    }

    [Fact]
    public async Task A_price_sorted_cursor_with_a_negative_price_is_refused()
    {
        using var client = fixture.CreateClient();

        var response = await client.GetAsync("/api/catalog/products?sort=price&cursor=" + Cursor("""{"sort":"priceAscending","lastPrice":-1,"lastSku":"A"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Issued_cursors_still_page_through_every_sort()
    {
        using var client = fixture.CreateClient();
        foreach (var sort in new[] { "newest", "price", "-price", "name" })
        {
            var first = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?sort={sort}&limit=3", cancellationToken: TestContext.Current.CancellationToken);
            var cursor = first.GetProperty("nextCursor").GetString()!;
            var second = await client.GetAsync($"/api/catalog/products?sort={sort}&limit=3&cursor={cursor}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
    }

    [Fact]
    public async Task Search_answers_follow_the_request_not_an_earlier_request_with_the_same_values_reordered()
    {
        using var client = fixture.CreateClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/search?q=laptop&q=tent&limit=5", cancellationToken: TestContext.Current.CancellationToken);
        var second = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/search?q=tent&q=laptop&limit=5", cancellationToken: TestContext.Current.CancellationToken);

        // The search text is the first q: each answer is for its own request, not the cached answer of the other.
        Assert.Equal("laptop", first.GetProperty("query").GetString());
        Assert.Equal("tent", second.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Listings_that_differ_only_in_parameter_order_of_one_name_answer_for_their_own_request()
    {
        using var client = fixture.CreateClient();

        // The listing reads the first category; the old cache key sorted the values, so the second got the first's answer.
        var laptopsFirst = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=laptops&category=tents&limit=3", cancellationToken: TestContext.Current.CancellationToken);
        var tentsFirst = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=tents&category=laptops&limit=3", cancellationToken: TestContext.Current.CancellationToken);
        var laptops = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=laptops&limit=3", cancellationToken: TestContext.Current.CancellationToken);
        var tents = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=tents&limit=3", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Skus(laptops), Skus(laptopsFirst));
        Assert.Equal(Skus(tents), Skus(tentsFirst));
        Assert.NotEqual(Skus(laptops), Skus(tents));
    }

    [Fact]
    public async Task A_product_attribute_holding_nul_is_a_400_naming_the_field()
    {
        using var admin = fixture.CreateClient("admin");
        var sku = "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        var response = await admin.PostAsync("/api/catalog/admin/products", new StringContent(
            $$"""{"sku":"{{sku}}","name":"Nul\u0000Runner","categorySlug":"running-shoes","price":10,"currency":"USD"}""",
            Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var inAttributes = await admin.PostAsync("/api/catalog/admin/products", new StringContent(
            $$$"""{"sku":"{{{sku}}}","name":"Runner","categorySlug":"running-shoes","price":10,"currency":"USD","attributes":{"colour":"Bl\u0000ack"}}""",
            Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.BadRequest, inAttributes.StatusCode);
        Assert.True((await inAttributes.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("attributes.colour", out _));
    }

    [Fact]
    public async Task A_search_text_holding_a_control_character_is_a_400_naming_q()
    {
        using var client = fixture.CreateClient();

        var response = await client.GetAsync("/api/catalog/products/search?q=tent%00", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("q", out _));
    }

    private static List<string> Skus(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToList();
}
