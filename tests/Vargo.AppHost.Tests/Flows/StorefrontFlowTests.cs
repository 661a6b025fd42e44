using System.Net.Http.Json;
using Vargo.Testing.Storefront;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// What the storefront does through the gateway, shared by the whole-system flow tests: an admin makes a product
/// with stock, customers register, fill carts and check out; the helpers read availability, payments and e-mail.
/// The calls themselves are <see cref="StorefrontClient"/>'s, the client the benchmarks use too.
/// </summary>
public abstract class StorefrontFlowTests(VargoAppFixture fixture)
{
    protected const string Password = StorefrontClient.Password;

    protected VargoAppFixture Fixture => fixture;

    protected async Task<string> CreateProductWithStockAsync(HttpClient client, int onHand, decimal price)
    {
        var admin = await AdminAsync(client);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var storefront = new StorefrontClient(client);
        var categoryId = await storefront.CreateCategoryAsync(admin, $"flow-{suffix}", $"Flow {suffix}", TestContext.Current.CancellationToken);
        var sku = $"FLOW-{suffix}".ToUpperInvariant();
        await storefront.CreateProductAsync(admin, categoryId, sku, $"Flow product {suffix}", price, TestContext.Current.CancellationToken);
        await storefront.SetStockAsync(admin, sku, onHand, "checkout flow test", TestContext.Current.CancellationToken);
        return sku;
    }

    // Auth allows 10 logins per account a minute: the flows share one admin token (tokens live 15 minutes).
    private static readonly TimeSpan AdminTokenReuse = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim AdminLogin = new(1, 1);
    private static (string Token, DateTimeOffset At)? _admin;

    protected async Task<string> AdminAsync(HttpClient client)
    {
        await AdminLogin.WaitAsync();
        try
        {
            if (_admin is not { } admin || DateTimeOffset.UtcNow - admin.At > AdminTokenReuse)
            {
                var (email, password) = await AdminCredentialsAsync();
                _admin = admin = (await LoginAsync(client, email, password), DateTimeOffset.UtcNow);
            }
            return admin.Token;
        }
        finally
        {
            AdminLogin.Release();
        }
    }

    /// <summary>The first admin's e-mail and password: the AppHost's <c>admin-email</c> and <c>admin-password</c> parameters.</summary>
    protected async Task<(string Email, string Password)> AdminCredentialsAsync()
    {
        var parameters = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        var email = await parameters.Single(p => p.Name == "admin-email").GetValueAsync(default);
        var password = await parameters.Single(p => p.Name == "admin-password").GetValueAsync(default);
        return (email!, password!);
    }

    protected static string NewEmail() => StorefrontClient.NewEmail("checkout");

    protected static Task<string> RegisterAndLoginAsync(HttpClient client) => RegisterAndLoginAsync(client, NewEmail());

    protected static Task<string> RegisterAndLoginAsync(HttpClient client, string email) =>
        new StorefrontClient(client).RegisterAndLoginAsync(email, "Checkout Tester", TestContext.Current.CancellationToken);

    protected static Task<string> LoginAsync(HttpClient client, string email, string password) =>
        new StorefrontClient(client).LoginAsync(email, password, TestContext.Current.CancellationToken);

    protected static Task<HttpResponseMessage> CheckoutAsync(HttpClient client, string token, string idempotencyKey, string cardNumber,
        Action<HttpRequestMessage>? configure = null) =>
        new StorefrontClient(client).CheckoutAsync(token, idempotencyKey, cardNumber, configure, TestContext.Current.CancellationToken);

    /// <summary>A new customer buys <paramref name="quantity"/> of a new product with a card that works.</summary>
    protected async Task<PlacedOrder> PlaceOrderAsync(HttpClient client, decimal price, int quantity = 1, int onHand = 5)
    {
        var sku = await CreateProductWithStockAsync(client, onHand, price);
        var email = NewEmail();
        var customer = await RegisterAndLoginAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity })).StatusCode);
        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4242424242424242");
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new PlacedOrder(sku, email, customer, (await response.Content.ReadFromJsonAsync<OrderResponse>())!);
    }

    /// <summary>The order's payments as Payment's admin API reports them.</summary>
    protected static async Task<List<PaymentResponse>> PaymentsOfOrderAsync(HttpClient client, string admin, Guid orderId)
    {
        var response = await SendAsync(client, HttpMethod.Get, $"/api/payments/orders/{orderId}", admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<PaymentResponse>>())!;
    }

    /// <summary>The .eml files Notification wrote to this customer (pickup folder under the AppHost's data folder).</summary>
    protected IEnumerable<string> MailTo(string email)
    {
        var mail = Path.Combine(fixture.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["DataDirectory"]!, "mail");
        return Directory.Exists(mail)
            ? Directory.EnumerateFiles(mail, "*.eml").Select(File.ReadAllText).Where(text => text.Contains(email, StringComparison.OrdinalIgnoreCase))
            : [];
    }

    protected static Task<int> AvailableAsync(HttpClient client, string sku) =>
        new StorefrontClient(client).AvailableAsync(sku, TestContext.Current.CancellationToken);

    protected static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body = null) =>
        new StorefrontClient(client).SendAsync(method, path, token, body, TestContext.Current.CancellationToken);

    protected sealed record PlacedOrder(string Sku, string Email, string Customer, OrderResponse Order);

    protected sealed record IdResponse(Guid Id);

    protected sealed record OrderResponse(Guid Id, string Status, decimal Total, string? FailureCode = null);

    protected sealed record PaymentResponse(Guid Id, string Status, decimal Captured, decimal Refunded);

    protected sealed record LedgerEntryResponse(string Kind, int Quantity, Guid? OrderId);

    protected sealed record AvailabilityResponse(string Sku, int Available, bool Known);
}
