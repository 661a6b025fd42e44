using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// Checkout across the real services: Auth tokens, Catalog prices (gRPC), Inventory reservations (gRPC),
/// Payment (gRPC), Orders' saga, and the bus. Each test makes its own category, product, stock and customers.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class CheckoutFlowTests(VargoAppFixture fixture)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task ACardThatWorksPlacesTheOrderAndCommitsTheStock()
    {
        using var client = fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 3, price: 19.99m);
        var email = NewEmail();
        var customer = await RegisterAndLoginAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 2 })).StatusCode);
        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4242424242424242");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderResponse>())!;
        Assert.Equal("Placed", order.Status);
        Assert.Equal(39.98m, order.Total);
        Assert.Equal(1, await AvailableAsync(client, sku));

        // OrderPlaced reaches Inventory (the reservation becomes a sale in the ledger) and Notification (confirmation).
        var admin = await AdminAsync(client);
        await EventuallyAsync(async () =>
        {
            var ledger = await (await SendAsync(client, HttpMethod.Get, $"/api/inventory/stock/{sku}/ledger", admin)).Content.ReadFromJsonAsync<List<LedgerEntryResponse>>();
            return ledger!.Any(e => e.Kind.Equals("Commit", StringComparison.OrdinalIgnoreCase) && e.OrderId == order.Id && e.Quantity == 2);
        });
        await EventuallyAsync(() => Task.FromResult(MailTo(email).Any(text => text.Contains("is confirmed", StringComparison.Ordinal) && text.Contains(sku, StringComparison.Ordinal))));

        // Someone else's order does not exist for them.
        var stranger = await RegisterAndLoginAsync(client);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/api/orders/{order.Id}", stranger)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/api/orders/{order.Id}", customer)).StatusCode);
    }

    [Fact]
    public async Task ADeclinedCardFailsTheOrderAndReleasesTheStock()
    {
        using var client = fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 2, price: 5.00m);
        var customer = await RegisterAndLoginAsync(client);

        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 2 });
        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4000000000000002");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderResponse>())!;
        Assert.Equal("PaymentFailed", order.Status);
        Assert.Equal(2, await AvailableAsync(client, sku));
    }

    [Fact]
    public async Task TheSameCheckoutSentFiveTimesAtOncePlacesOneOrder()
    {
        using var client = fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 10, price: 7.50m);
        var customer = await RegisterAndLoginAsync(client);
        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 1 });

        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CheckoutAsync(client, customer, key, "4242424242424242")));
        var orders = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<OrderResponse>()));

        Assert.Single(orders.Select(o => o!.Id).Distinct());
        Assert.Equal(9, await AvailableAsync(client, sku));
    }

    [Fact]
    public async Task FiftyCustomersRacingForTheLastUnitGetOneOrderAndNoCharges()
    {
        const int Customers = 50;
        using var client = fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 1, price: 99.00m);
        var customers = await Task.WhenAll(Enumerable.Range(0, Customers).Select(_ => RegisterAndLoginAsync(client)));
        await Task.WhenAll(customers.Select(c => SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", c, new { sku, quantity = 1 })));

        var responses = await Task.WhenAll(customers.Select(c => CheckoutAsync(client, c, Guid.NewGuid().ToString(), "4242424242424242")));

        var statuses = string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, statuses);
        // The losers get a final answer the storefront can show: the order Cancelled, out of stock, with the reason.
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Customers - 1, losers.Count);
        Assert.All(losers, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var lost = await Task.WhenAll(losers.Select(r => r.Content.ReadFromJsonAsync<OrderResponse>()));
        Assert.All(lost, o => Assert.Equal(("Cancelled", "out_of_stock"), (o!.Status, o.FailureCode)));
        Assert.Equal(0, await AvailableAsync(client, sku));

        // The winner paid once; nothing was charged, or even held, for any of the others.
        var admin = await AdminAsync(client);
        var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<OrderResponse>())!;
        var paid = Assert.Single((await (await SendAsync(client, HttpMethod.Get, $"/api/payments/orders/{winner.Id}", admin)).Content.ReadFromJsonAsync<List<PaymentResponse>>())!);
        Assert.Equal(("Captured", 99.00m), (paid.Status, paid.Captured));
        var payments = await Task.WhenAll(lost.Select(o => SendAsync(client, HttpMethod.Get, $"/api/payments/orders/{o!.Id}", admin)));
        foreach (var response in payments)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty((await response.Content.ReadFromJsonAsync<List<PaymentResponse>>())!);
        }
    }

    private async Task<string> CreateProductWithStockAsync(HttpClient client, int onHand, decimal price)
    {
        var admin = await AdminAsync(client);
        var suffix = Guid.NewGuid().ToString("N")[..10];

        var category = await SendAsync(client, HttpMethod.Post, "/api/catalog/admin/categories", admin,
            new { slug = $"flow-{suffix}", name = $"Flow {suffix}", attributes = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, category.StatusCode);
        var categoryId = (await category.Content.ReadFromJsonAsync<IdResponse>())!.Id;

        var sku = $"FLOW-{suffix}".ToUpperInvariant();
        var product = await SendAsync(client, HttpMethod.Post, "/api/catalog/admin/products", admin,
            new { sku, name = $"Flow product {suffix}", categoryId, price, currency = "USD", status = "active" });
        Assert.Equal(HttpStatusCode.Created, product.StatusCode);

        var stock = await SendAsync(client, HttpMethod.Put, $"/api/inventory/stock/{sku}", admin, new { onHand, reason = "checkout flow test" });
        Assert.Equal(HttpStatusCode.OK, stock.StatusCode);
        return sku;
    }

    private async Task<string> AdminAsync(HttpClient client)
    {
        var parameters = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        var email = await parameters.Single(p => p.Name == "admin-email").GetValueAsync(default);
        var password = await parameters.Single(p => p.Name == "admin-password").GetValueAsync(default);
        return await LoginAsync(client, email!, password!);
    }

    private static string NewEmail() => $"checkout-{Guid.NewGuid():N}@example.com";

    private static Task<string> RegisterAndLoginAsync(HttpClient client) => RegisterAndLoginAsync(client, NewEmail());

    private static async Task<string> RegisterAndLoginAsync(HttpClient client, string email)
    {
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "Checkout Tester" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await LoginAsync(client, email, Password);
    }

    private static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    private static Task<HttpResponseMessage> CheckoutAsync(HttpClient client, string token, string idempotencyKey, string cardNumber)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/checkout")
        {
            Content = JsonContent.Create(new
            {
                shippingAddress = new { name = "Ada Lovelace", line1 = "12 Analytical St", city = "London", postalCode = "N1 9GU", country = "GB" },
                card = new { number = cardNumber, expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123", holderName = "Ada Lovelace" }
            })
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>The .eml files Notification wrote to this customer (pickup folder under the AppHost's data folder).</summary>
    private IEnumerable<string> MailTo(string email)
    {
        var mail = Path.Combine(fixture.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["DataDirectory"]!, "mail");
        return Directory.Exists(mail)
            ? Directory.EnumerateFiles(mail, "*.eml").Select(File.ReadAllText).Where(text => text.Contains(email, StringComparison.OrdinalIgnoreCase))
            : [];
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(250, timeout.Token);
        }
    }

    private static async Task<int> AvailableAsync(HttpClient client, string sku)
    {
        var availability = await client.GetFromJsonAsync<List<AvailabilityResponse>>($"/api/inventory/availability?sku={sku}");
        return Assert.Single(availability!).Available;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private sealed record TokenResponse([property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken);

    private sealed record IdResponse(Guid Id);

    private sealed record OrderResponse(Guid Id, string Status, decimal Total, string? FailureCode = null);

    private sealed record PaymentResponse(Guid Id, string Status, decimal Captured, decimal Refunded);

    private sealed record LedgerEntryResponse(string Kind, int Quantity, Guid? OrderId);

    private sealed record AvailabilityResponse(string Sku, int Available, bool Known);
}
