using System.Net.Http.Json;
using System.Text.Json;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>The catalog through the gateway, in the whole app: the seeded demo catalog is browsable without a token; admin routes are not.</summary>
[Collection(VargoAppCollection.Name)]
public sealed class CatalogFlowTests(VargoAppFixture fixture)
{
    [Fact]
    public async Task A_visitor_browses_searches_and_opens_a_product_through_the_gateway()
    {
        using var client = fixture.CreateGatewayClient();

        var tree = await client.GetFromJsonAsync<JsonElement>("/api/catalog/categories", cancellationToken: TestContext.Current.CancellationToken);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=footwear&sort=price&limit=12", cancellationToken: TestContext.Current.CancellationToken);
        var search = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/search?q=running%20shoes&limit=5", cancellationToken: TestContext.Current.CancellationToken);
        var first = search.GetProperty("items")[0].GetProperty("product");
        var product = await client.GetAsync($"/api/catalog/products/{first.GetProperty("id").GetGuid()}", TestContext.Current.CancellationToken);
        var image = await client.GetAsync(first.GetProperty("image").GetString(), TestContext.Current.CancellationToken);

        Assert.True(tree.GetArrayLength() >= 6);
        Assert.Equal(12, page.GetProperty("items").GetArrayLength());
        Assert.Contains("Running Shoes", first.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        Assert.NotNull(product.Headers.ETag);
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_catalog_routes_need_a_token_through_the_gateway()
    {
        using var client = fixture.CreateGatewayClient();

        var response = await client.PostAsJsonAsync("/api/catalog/admin/products", new { sku = "FLOW-1", name = "Nope" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
