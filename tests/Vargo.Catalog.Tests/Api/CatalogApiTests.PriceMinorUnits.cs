using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vargo.Catalog.Tests.Api;

// Issue 13 item 8: every price respects its currency's ISO 4217 minor units; nothing is rounded silently.
// Part of CatalogApiTests so it shares that class's servers.
public sealed partial class CatalogApiTests
{
    private static object MinorUnitsProduct(string sku, decimal price, string currency, decimal? variantPrice = null, decimal? compareAtPrice = null) => new
    {
        sku,
        name = $"Minor Units Runner {sku}",
        brand = "Stridewell",
        categorySlug = "running-shoes",
        price,
        currency,
        compareAtPrice,
        attributes = new { colour = "Black", drop = 8, cushioning = "Max" },
        variants = new[] { new { sku = $"{sku}-42", price = variantPrice ?? price, attributes = new { size = "42" } } },
    };

    [Theory]
    [InlineData("100.50", "JPY", null, null, "price")]
    [InlineData("1.2345", "KWD", null, null, "price")]
    [InlineData("10.001", "USD", null, null, "price")]
    [InlineData("100", "JPY", "99.5", null, "variants[0].price")]
    [InlineData("100", "JPY", null, "120.25", "compareAtPrice")]
    [InlineData("10", "XYZ", null, null, "currency")]
    [InlineData("10", "XAU", null, null, "currency")]
    public async Task A_price_with_more_decimals_than_its_currency_or_an_unknown_currency_gets_400_naming_the_field(
        string price, string currency, string? variantPrice, string? compareAt, string field)
    {
        using var admin = fixture.CreateClient("admin");

        var response = await admin.PostAsJsonAsync("/api/catalog/admin/products", MinorUnitsProduct(NewSku(), decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture),
            currency, variantPrice is null ? null : decimal.Parse(variantPrice, System.Globalization.CultureInfo.InvariantCulture),
            compareAt is null ? null : decimal.Parse(compareAt, System.Globalization.CultureInfo.InvariantCulture)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors name {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}");
    }

    [Theory]
    [InlineData("1.234", "KWD")]
    [InlineData("1500", "JPY")]
    [InlineData("1500.00", "JPY")]
    [InlineData("0.5", "USD")]
    public async Task A_price_within_its_currencys_minor_units_is_stored_exactly(string price, string currency)
    {
        using var admin = fixture.CreateClient("admin");
        var amount = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);

        var created = await admin.PostAsJsonAsync("/api/catalog/admin/products", MinorUnitsProduct(NewSku(), amount, currency), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/catalog/admin/products/{id}", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(amount, read.GetProperty("price").GetDecimal());
        Assert.Equal(amount, read.GetProperty("variants")[0].GetProperty("price").GetDecimal());
        Assert.Equal(currency, read.GetProperty("currency").GetString());
    }
}
