using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Vargo.Bench.Checkout;

/// <summary>The public API calls the benchmark makes through the gateway, as the storefront (and the flow tests) make them.</summary>
internal sealed class Storefront(HttpClient gateway)
{
    public const string Password = "correct horse battery staple";

    public async Task<string> LoginAsync(string email, string password)
    {
        using var response = await gateway.PostAsJsonAsync("/api/auth/login", new { email, password });
        await EnsureAsync(response, HttpStatusCode.OK, "login");
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    public async Task<string> RegisterAndLoginAsync()
    {
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        using var registered = await gateway.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "Bench Customer" });
        await EnsureAsync(registered, HttpStatusCode.Created, "register");
        return await LoginAsync(email, Password);
    }

    /// <summary>A category and <paramref name="count"/> active products with <paramref name="onHand"/> units each; their SKUs.</summary>
    public async Task<string[]> CreateStockedProductsAsync(string admin, int count, int onHand)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var category = await SendAsync(HttpMethod.Post, "/api/catalog/admin/categories", admin,
            new { slug = $"bench-{suffix}", name = $"Bench {suffix}", attributes = Array.Empty<object>() });
        await EnsureAsync(category, HttpStatusCode.Created, "create category");
        var categoryId = (await category.Content.ReadFromJsonAsync<IdResponse>())!.Id;

        var skus = new string[count];
        for (var i = 0; i < count; i++)
        {
            skus[i] = $"BENCH-{suffix}-{i}".ToUpperInvariant();
            using var product = await SendAsync(HttpMethod.Post, "/api/catalog/admin/products", admin,
                new { sku = skus[i], name = $"Bench product {suffix} {i}", categoryId, price = 10.00m + i, currency = "USD", status = "active" });
            await EnsureAsync(product, HttpStatusCode.Created, "create product");
            using var stock = await SendAsync(HttpMethod.Put, $"/api/inventory/stock/{skus[i]}", admin, new { onHand, reason = "checkout benchmark" });
            await EnsureAsync(stock, HttpStatusCode.OK, "set stock");
        }
        return skus;
    }

    public async Task AddToCartAsync(string customer, string sku, int quantity)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity });
        await EnsureAsync(response, HttpStatusCode.OK, "add to cart");
    }

    public Task<HttpResponseMessage> GetCartAsync(string customer) => SendAsync(HttpMethod.Get, "/api/orders/cart", customer);

    public Task<HttpResponseMessage> CheckoutAsync(string customer, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/checkout")
        {
            Content = JsonContent.Create(new
            {
                shippingAddress = new { name = "Ada Lovelace", line1 = "12 Analytical St", city = "London", postalCode = "N1 9GU", country = "GB" },
                card = new { number = "4242424242424242", expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123", holderName = "Ada Lovelace" },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return gateway.SendAsync(request);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.SendAsync(request);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);

    private sealed record IdResponse(Guid Id);
}
