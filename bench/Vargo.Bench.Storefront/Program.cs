using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vargo.Bench;
using Vargo.Testing.Storefront;

// Usage: dotnet run -c Release --project bench/Vargo.Bench.Storefront [-- --seconds 10 --workers 16 --write docs/benchmarks.md]
// Starts the whole app in local mode (throw-away data folder), then for home, a category page, a product page and the
// cart measures the page through the gateway (the storefront renders it) beside the same API calls the page makes,
// sent by the bench itself through the gateway with the same concurrency the page uses (no rendering), in this run.
var seconds = ArgValue("--seconds", 10);
var workers = ArgValue("--workers", 16);
var output = args.SkipWhile(a => a != "--write").Skip(1).FirstOrDefault();

var dataDirectory = Directory.CreateTempSubdirectory("vargo-bench-storefront-").FullName;
using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
    ["--Infrastructure", "local", "--DataDirectory", dataDirectory, "--Gateway:Port", "0"], startTimeout.Token);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
await using var app = await builder.BuildAsync(startTimeout.Token);
await app.StartAsync(startTimeout.Token);
foreach (var resource in new[] { "auth", "catalog", "inventory", "orders", "recommendation", "web", "gateway" })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, startTimeout.Token);
}

var gatewayUrl = app.GetEndpoint("gateway", "http");
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers * 4, PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false };
using var api = new HttpClient(handler, disposeHandler: false) { BaseAddress = gatewayUrl };
using var anonymous = new HttpClient(handler, disposeHandler: false) { BaseAddress = gatewayUrl };

// The demo catalog is seeded at the catalog's first start: wait until a listing answers with products.
while ((await api.GetStringAsync("/api/catalog/products?category=audio&limit=1")).Contains("\"items\":[]", StringComparison.Ordinal))
{
    await Task.Delay(500);
}
// A product sold by its own SKU (one with variants is bought by a variant's SKU).
var product = (await api.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=audio&limit=50")).GetProperty("items")
    .EnumerateArray().First(p => p.GetProperty("variantCount").GetInt32() == 0);
var (productId, sku, slug) = (product.GetProperty("id").GetString()!, product.GetProperty("sku").GetString()!, product.GetProperty("slug").GetString()!);

// One shopper: an API token for the API rows, a shop session cookie (signed in through the form) for the cart page.
var email = StorefrontClient.NewEmail("bench");
const string Password = StorefrontClient.Password;
var storefront = new StorefrontClient(api);
var token = await storefront.RegisterAndLoginAsync(email, "Bench Shopper");
await storefront.AddToCartAsync(token, sku, 1);
var cookies = new CookieContainer();
using var shopper = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = gatewayUrl };
var loginPage = await shopper.GetStringAsync("/login");
var antiforgery = Regex.Match(loginPage, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
var signIn = await shopper.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["_handler"] = "login", ["__RequestVerificationToken"] = antiforgery, ["Form.Email"] = email, ["Form.Password"] = Password,
}));
if (signIn.StatusCode != HttpStatusCode.Redirect)
{
    throw new InvalidOperationException($"Signing in through the shop answered {(int)signIn.StatusCode}.");
}
var session = cookies.GetCookieHeader(gatewayUrl);

var featured = (await api.GetFromJsonAsync<JsonElement>("/api/catalog/categories")).EnumerateArray().Take(4).Select(c => c.GetProperty("slug").GetString()!).ToArray();
var scenarios = new (string Name, string Page, bool SignedIn, Func<Task> ApiCalls)[]
{
    ("home", "/", false, async () =>
    {
        await Get("/api/catalog/categories");
        await Task.WhenAll(featured.Select(c => Get($"/api/catalog/products?category={c}&limit=4")));
    }),
    ("category", "/c/audio", false, () => Task.WhenAll(
        Get("/api/catalog/categories"), Get("/api/catalog/products?category=audio"), Get("/api/catalog/products/facets?category=audio"))),
    ("product", $"/p/{slug}", false, async () =>
    {
        await Get($"/api/catalog/products/by-slug/{slug}");
        // Recommendation answers 404 for a product its back-fill has not reached yet; the page renders without it too.
        await Task.WhenAll(Get($"/api/inventory/availability?sku={sku}"),
            Get($"/api/recommendations/similar/{productId}?limit=4", optional: true), Get($"/api/recommendations/bought-together/{productId}?limit=4", optional: true));
    }),
    // The layout reads the cart for the badge, then the page reads it: two calls, one after the other.
    ("cart", "/cart", true, async () => { await Get("/api/orders/cart", token); await Get("/api/orders/cart", token); }),
};

var warmUp = TimeSpan.FromSeconds(3);
var duration = TimeSpan.FromSeconds(seconds);
var rows = new List<(string Name, LoadResult Page, LoadResult Api, int Bytes)>();
foreach (var (name, page, signedIn, apiCalls) in scenarios)
{
    var bytes = (await GetPage(page, signedIn)).Length;
    var pageResult = await ClosedLoop.RunAsync(workers, warmUp, duration, _ => GetPage(page, signedIn));
    var apiResult = await ClosedLoop.RunAsync(workers, warmUp, duration, _ => apiCalls());
    rows.Add((name, pageResult, apiResult, bytes));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-9} page {pageResult.PerSecond,7:F0}/s p50 {pageResult.P50Ms,7:F1} p99 {pageResult.P99Ms,7:F1} | api {apiResult.PerSecond,7:F0}/s p50 {apiResult.P50Ms,7:F1} p99 {apiResult.P99Ms,7:F1} | {bytes / 1024.0:F1} KB"));
}

var section = Render(rows, seconds, workers);
Console.WriteLine();
Console.WriteLine(section);
if (output is not null)
{
    await MarkedSection.WriteAsync(output, "storefront", section);
}

await app.StopAsync();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
}

async Task Get(string path, string? bearer = null, bool optional = false)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    if (bearer is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    }
    using var response = await api.SendAsync(request);
    if (!response.IsSuccessStatusCode && !(optional && response.StatusCode == HttpStatusCode.NotFound))
    {
        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
    }
    await response.Content.LoadIntoBufferAsync();
}

async Task<string> GetPage(string path, bool signedIn)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    if (signedIn)
    {
        request.Headers.Add("Cookie", session);
    }
    using var response = await anonymous.SendAsync(request);
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
    }
    return await response.Content.ReadAsStringAsync();
}

int ArgValue(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}

static string Render(List<(string Name, LoadResult Page, LoadResult Api, int Bytes)> rows, int seconds, int workers)
{
    var text = new StringBuilder();
    text.AppendLine("## Storefront: pages through the gateway vs the API calls they make");
    text.AppendLine();
    text.AppendLine($"One run of the whole app in local mode (demo catalog), {workers} concurrent closed-loop clients, 3 s warm-up then");
    text.AppendLine($"{seconds} s per row. \"page\" = the storefront's HTML through the gateway (static SSR: the Web app calls the API through");
    text.AppendLine("the gateway, then renders); \"API\" = the same calls that page makes, sent by the bench through the gateway with the");
    text.AppendLine("page's concurrency and no rendering. Ratio = page ÷ API, same run. Browsing pages are anonymous; the cart is one");
    text.AppendLine("signed-in shopper's (one line). HTML = the page's first HTML (no images; CSS and blazor.web.js are cached assets).");
    text.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"Run of {DateTime.UtcNow:yyyy-MM-dd} on the 2-core machine, shared with other builds and tests (client, gateway, web, services, servers on the same cores)."));
    text.AppendLine();
    text.AppendLine("| page | pages/s | p50 ms | p99 ms | API sets/s | API p50 ms | API p99 ms | rate ratio | HTML KB |");
    text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (name, page, apiResult, bytes) in rows)
    {
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {page.PerSecond:F0} | {page.P50Ms:F1} | {page.P99Ms:F1} | {apiResult.PerSecond:F0} | {apiResult.P50Ms:F1} | {apiResult.P99Ms:F1} | {page.PerSecond / apiResult.PerSecond:F2} | {bytes / 1024.0:F1} |"));
    }
    text.AppendLine();
    text.AppendLine("Reproduce: `dotnet run -c Release --project bench/Vargo.Bench.Storefront -- --seconds 8 --workers 16 --write docs/benchmarks.md`");
    text.AppendLine("(starts the AppHost itself through Aspire.Hosting.Testing).");
    return text.ToString();
}
