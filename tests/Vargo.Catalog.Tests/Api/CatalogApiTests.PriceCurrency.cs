using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vargo.Catalog.Tests.Api;

// Prices of different currencies are never compared or folded into one range. Part of CatalogApiTests (its servers).
public sealed partial class CatalogApiTests
{
    [Fact]
    public async Task Facets_give_a_price_range_only_within_one_currency_and_the_currency_filter_narrows_to_it()
    {
        using var admin = fixture.CreateClient("admin");
        var brand = $"Brand{Guid.NewGuid():N}"[..20];
        foreach (var (price, currency) in new[] { (1500m, "JPY"), (12.50m, "USD") })
        {
            var product = new
            {
                sku = NewSku(), name = $"Currency Runner {currency}", brand, categorySlug = "running-shoes", price, currency, status = "Active",
                attributes = new { colour = "Black", drop = 8, cushioning = "Max" },
            };
            var created = await admin.PostAsJsonAsync("/api/catalog/admin/products", product, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var client = fixture.CreateClient();

        var mixed = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/facets?brand={brand}", TestContext.Current.CancellationToken);
        var jpy = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/facets?brand={brand}&currency=JPY", TestContext.Current.CancellationToken);
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?brand={brand}&currency=USD&minPrice=10", TestContext.Current.CancellationToken);
        var lower = await client.GetAsync($"/api/catalog/products?brand={brand}&currency=usd", TestContext.Current.CancellationToken);

        Assert.Equal(2, mixed.GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, mixed.GetProperty("minPrice").ValueKind);
        Assert.Equal(JsonValueKind.Null, mixed.GetProperty("currency").ValueKind);
        Assert.Equal((1L, 1500m, 1500m, "JPY"), (jpy.GetProperty("total").GetInt64(), jpy.GetProperty("minPrice").GetDecimal(),
            jpy.GetProperty("maxPrice").GetDecimal(), jpy.GetProperty("currency").GetString()));
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal("USD", item.GetProperty("currency").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, lower.StatusCode);
        Assert.True((await lower.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("currency", out _));
    }
}
