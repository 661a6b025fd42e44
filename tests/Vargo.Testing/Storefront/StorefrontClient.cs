using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Vargo.Testing.Storefront;

/// <summary>
/// The public API calls a shopper and an admin make through the gateway, as the storefront makes them: the one client
/// the whole-system flow tests and the benchmarks share (the benchmarks link this file; it needs nothing of xunit).
/// A call that does not answer as the API promises throws <see cref="InvalidOperationException"/> naming the call, the
/// status and the body; calls whose answer the caller examines return the response.
/// </summary>
public sealed class StorefrontClient(HttpClient gateway)
{
    /// <summary>The password every shopper made here registers with.</summary>
    public const string Password = "correct horse battery staple";

    /// <summary>The test card that Payment's simulated gateway authorizes.</summary>
    public const string GoodCard = "4242424242424242";

    public HttpClient Gateway => gateway;

    /// <summary>A fresh e-mail address (<paramref name="prefix"/>-guid@example.com).</summary>
    public static string NewEmail(string prefix = "shopper") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Registers <paramref name="email"/> (201) and logs in (200); returns the access token.</summary>
    public async Task<string> RegisterAndLoginAsync(string email, string displayName = "Test Shopper", CancellationToken cancellationToken = default)
    {
        using var registered = await gateway.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName }, cancellationToken);
        await EnsureAsync(registered, HttpStatusCode.Created, "register", cancellationToken);
        return await LoginAsync(email, Password, cancellationToken);
    }

    /// <summary>Logs in (200); returns the access token.</summary>
    public async Task<string> LoginAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        using var response = await gateway.PostAsJsonAsync("/api/auth/login", new { email, password }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "login", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken))!.AccessToken;
    }

    /// <summary>A category without attributes (201); returns its id.</summary>
    public async Task<Guid> CreateCategoryAsync(string admin, string slug, string name, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/catalog/admin/categories", admin,
            new { slug, name, attributes = Array.Empty<object>() }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "create category", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<IdResponse>(cancellationToken))!.Id;
    }

    /// <summary>An active product priced in USD (201); returns its id.</summary>
    public async Task<Guid> CreateProductAsync(string admin, Guid categoryId, string sku, string name, decimal price,
        CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/catalog/admin/products", admin,
            new { sku, name, categoryId, price, currency = "USD", status = "active" }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "create product", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<IdResponse>(cancellationToken))!.Id;
    }

    /// <summary>Sets the units on hand (200).</summary>
    public async Task SetStockAsync(string admin, string sku, int onHand, string reason, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/api/inventory/stock/{sku}", admin, new { onHand, reason }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "set stock", cancellationToken);
    }

    /// <summary>A category of its own and <paramref name="count"/> active products with <paramref name="onHand"/> units each; their SKUs.</summary>
    public async Task<string[]> CreateStockedProductsAsync(string admin, int count, int onHand, string prefix = "bench",
        CancellationToken cancellationToken = default)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var categoryId = await CreateCategoryAsync(admin, $"{prefix}-{suffix}", $"{prefix} {suffix}", cancellationToken);
        var skus = new string[count];
        for (var i = 0; i < count; i++)
        {
            skus[i] = (count == 1 ? $"{prefix}-{suffix}" : $"{prefix}-{suffix}-{i}").ToUpperInvariant();
            await CreateProductAsync(admin, categoryId, skus[i], $"{prefix} product {suffix} {i}", 10.00m + i, cancellationToken);
            await SetStockAsync(admin, skus[i], onHand, $"{prefix} stock", cancellationToken);
        }
        return skus;
    }

    /// <summary>Adds <paramref name="quantity"/> of <paramref name="sku"/> to the cart (200).</summary>
    public async Task AddToCartAsync(string customer, string sku, int quantity, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "add to cart", cancellationToken);
    }

    public Task<HttpResponseMessage> GetCartAsync(string customer, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/api/orders/cart", customer, cancellationToken: cancellationToken);

    /// <summary>Checks the cart out to a London address with <paramref name="cardNumber"/>; the answer as it came.</summary>
    public Task<HttpResponseMessage> CheckoutAsync(string customer, string idempotencyKey, string cardNumber = GoodCard,
        Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/checkout")
        {
            Content = JsonContent.Create(new
            {
                shippingAddress = new { name = "Ada Lovelace", line1 = "12 Analytical St", city = "London", postalCode = "N1 9GU", country = "GB" },
                card = new { number = cardNumber, expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123", holderName = "Ada Lovelace" },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        configure?.Invoke(request);
        return gateway.SendAsync(request, cancellationToken);
    }

    /// <summary>Units of <paramref name="sku"/> available to sell, as Inventory's public API reports them.</summary>
    public async Task<int> AvailableAsync(string sku, CancellationToken cancellationToken = default)
    {
        var availability = await gateway.GetFromJsonAsync<List<AvailabilityResponse>>($"/api/inventory/availability?sku={sku}", cancellationToken);
        return availability is [var only] ? only.Available : throw new InvalidOperationException($"availability of {sku}: {availability?.Count ?? 0} rows");
    }

    /// <summary>Any call with a bearer token and an optional JSON body; the answer as it came.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null,
        CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{what}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken);

    private sealed record IdResponse(Guid Id);

    private sealed record AvailabilityResponse(string Sku, int Available);
}
