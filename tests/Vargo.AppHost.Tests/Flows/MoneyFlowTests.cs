using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// Issue 13 items 2, 6, 7, 8 and 10 through the gateway, as a client sends them: money in its currency's minor
/// units, one currency per cart, no overflow in the cart, zero-total orders without a charge, real country codes.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class MoneyFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    private async Task<HttpResponseMessage> CreateProductAsync(HttpClient client, decimal price, string currency)
    {
        var admin = await AdminAsync(client);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var category = await SendAsync(client, HttpMethod.Post, "/api/catalog/admin/categories", admin,
            new { slug = $"money-{suffix}", name = $"Money {suffix}", attributes = Array.Empty<object>() });
        var categoryId = (await category.Content.ReadFromJsonAsync<IdResponse>())!.Id;
        return await SendAsync(client, HttpMethod.Post, "/api/catalog/admin/products", admin,
            new { sku = $"MONEY-{suffix}".ToUpperInvariant(), name = $"Money product {suffix}", categoryId, price, currency, status = "active" });
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_JPY_price_with_decimals_is_400_naming_price_and_an_unknown_currency_400_naming_currency()
    {
        using var client = Fixture.CreateGatewayClient();

        var yen = await CreateProductAsync(client, 100.50m, "JPY");
        var unknown = await CreateProductAsync(client, 10m, "XYZ");

        Assert.Equal(HttpStatusCode.BadRequest, yen.StatusCode);
        Assert.True((await ProblemAsync(yen)).GetProperty("errors").TryGetProperty("price", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await ProblemAsync(unknown)).GetProperty("errors").TryGetProperty("currency", out _));
    }

    [Fact]
    public async Task Adding_int_max_units_after_one_is_400_naming_quantity_and_the_line_stays_at_one()
    {
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 5, price: 3.00m);
        var customer = await RegisterAndLoginAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 1 })).StatusCode);
        var overflow = await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = int.MaxValue });

        Assert.Equal(HttpStatusCode.BadRequest, overflow.StatusCode);
        Assert.True((await ProblemAsync(overflow)).GetProperty("errors").TryGetProperty("quantity", out _));
        var cart = await (await SendAsync(client, HttpMethod.Get, "/api/orders/cart", customer)).Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, cart.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task A_EUR_product_in_a_USD_cart_is_409_and_the_total_stays_in_USD()
    {
        using var client = Fixture.CreateGatewayClient();
        var dollars = await CreateProductWithStockAsync(client, onHand: 5, price: 10.00m);
        var euros = await CreateProductAsync(client, 7.00m, "EUR");
        Assert.Equal(HttpStatusCode.Created, euros.StatusCode);
        var euroSku = (await euros.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("sku").GetString();
        var customer = await RegisterAndLoginAsync(client);

        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku = dollars, quantity = 1 });
        var second = await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku = euroSku, quantity = 1 });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("urn:vargo:problems:cart-currency-mismatch", (await ProblemAsync(second)).GetProperty("type").GetString());
        var cart = await (await SendAsync(client, HttpMethod.Get, "/api/orders/cart", customer)).Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((10.00m, "USD"), (cart.GetProperty("total").GetDecimal(), cart.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task A_zero_price_product_is_checked_out_and_placed_without_a_payment()
    {
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 5, price: 0.00m);
        var customer = await RegisterAndLoginAsync(client);
        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 1 });

        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4242424242424242");

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        var order = (await response.Content.ReadFromJsonAsync<OrderResponse>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal(("Placed", 0m), (order.Status, order.Total));
        Assert.Empty(await PaymentsOfOrderAsync(client, await AdminAsync(client), order.Id));
    }

    [Fact]
    public async Task Country_ZZ_is_400_in_the_profile_and_at_checkout()
    {
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 5, price: 4.00m);
        var customer = await RegisterAndLoginAsync(client);
        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 1 });

        var profile = await SendAsync(client, HttpMethod.Put, "/api/auth/me", customer, new
        {
            displayName = "Ada",
            addresses = new[] { new { recipient = "Ada", line1 = "1 Main St", city = "Nowhere", postalCode = "12345", country = "ZZ" } },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/checkout")
        {
            Content = JsonContent.Create(new
            {
                shippingAddress = new { name = "Ada", line1 = "1 Main St", city = "Nowhere", postalCode = "12345", country = "ZZ" },
                card = new { number = "4242424242424242", expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123" }
            })
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var checkout = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, profile.StatusCode);
        Assert.True((await ProblemAsync(profile)).GetProperty("errors").TryGetProperty("addresses[0].country", out _));
        Assert.Equal(HttpStatusCode.BadRequest, checkout.StatusCode);
        Assert.True((await ProblemAsync(checkout)).GetProperty("errors").TryGetProperty("shippingAddress.country", out _));
    }
}
