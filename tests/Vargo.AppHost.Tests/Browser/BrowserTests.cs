using System.Net.Http.Json;
using Microsoft.Playwright;
using Vargo.AppHost.Tests.Flows;

namespace Vargo.AppHost.Tests.Browser;

/// <summary>
/// The storefront driven in a real browser (Debian's chromium, headless, through Playwright) against the whole app
/// that <see cref="VargoAppFixture"/> starts once per run: these tests share the Flows tests' collection so one test
/// run starts one app. Each test makes its own products, stock and shoppers, and waits on page state (Playwright's
/// auto-waiting expectations), never a fixed time. A failing test leaves a screenshot and the page's HTML in
/// <c>TestResults/</c>; browsers are closed after every test, so no chromium outlives the run.
/// </summary>
public abstract class BrowserTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture), IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<IBrowserContext> _contexts = [];

    protected IBrowser Browser => _browser ?? throw new InvalidOperationException("No browser.");

    /// <summary>The shop's address: the gateway's root.</summary>
    protected string ShopUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        ShopUrl = Fixture.App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        // Cold pages (first JIT, first queries) on a loaded 2-core machine are slow; the waits are for states, not times.
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>A fresh browser profile (its own cookies): one shopper.</summary>
    protected async Task<IPage> NewShopperAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ShopUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Runs a test's steps; on failure saves every open page's screenshot and HTML under TestResults/.</summary>
    protected async Task RunAsync(string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "browser", name)).FullName;
            var pages = _contexts.SelectMany(c => c.Pages).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                try
                {
                    await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"page-{i}.png"), FullPage = true });
                    await File.WriteAllTextAsync(Path.Combine(folder, $"page-{i}.html"), await pages[i].ContentAsync());
                }
                catch (PlaywrightException)
                {
                    // A page that closed has nothing to save.
                }
            }
            throw;
        }
    }

    protected static string NewSuffix() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>A category with products (name and price each, unique words in the names), stock for each; slugs known.</summary>
    protected async Task<(string CategorySlug, List<ShopProduct> Products)> CreateCatalogAsync(params (string Name, decimal Price, int OnHand)[] products)
    {
        using var client = Fixture.CreateGatewayClient();
        var admin = await AdminAsync(client);
        var suffix = NewSuffix();
        var categorySlug = $"shop-{suffix}";
        var category = await SendAsync(client, HttpMethod.Post, "/api/catalog/admin/categories", admin,
            new { slug = categorySlug, name = $"Shop {suffix}", attributes = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, category.StatusCode);
        var categoryId = (await category.Content.ReadFromJsonAsync<IdResponse>())!.Id;

        var created = new List<ShopProduct>();
        foreach (var (name, price, onHand) in products)
        {
            var productSuffix = NewSuffix();
            var sku = $"WEB-{productSuffix}".ToUpperInvariant();
            var slug = $"web-{productSuffix}";
            var fullName = $"{name} {productSuffix}";
            var product = await SendAsync(client, HttpMethod.Post, "/api/catalog/admin/products", admin,
                new { sku, name = fullName, slug, categoryId, price, currency = "USD", status = "active", brand = "Vargo Test" });
            Assert.Equal(HttpStatusCode.Created, product.StatusCode);
            var id = (await product.Content.ReadFromJsonAsync<IdResponse>())!.Id;
            var stock = await SendAsync(client, HttpMethod.Put, $"/api/inventory/stock/{sku}", admin, new { onHand, reason = "browser test" });
            Assert.Equal(HttpStatusCode.OK, stock.StatusCode);
            created.Add(new ShopProduct(id, sku, slug, fullName, price));
        }
        return (categorySlug, created);
    }

    /// <summary>Registers a new shopper through the shop's form; the page ends signed in.</summary>
    protected static async Task<string> RegisterAsync(IPage page)
    {
        var email = NewEmail();
        await page.GotoAsync("/register");
        await page.GetByLabel("Your name").FillAsync("Ada Shopper");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 10 characters)").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return email;
    }

    protected static async Task AddToCartAsync(IPage page, ShopProduct product, int quantity = 1)
    {
        await page.GotoAsync($"/p/{product.Slug}");
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-sku='{product.Sku}']")).ToBeVisibleAsync();
    }

    /// <summary>Opens the checkout and fills the address and the card; does not place the order.</summary>
    protected static async Task FillCheckoutAsync(IPage page, string cardNumber)
    {
        await page.GotoAsync("/checkout");
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("12 Analytical St");
        await page.GetByLabel("City").FillAsync("London");
        await page.GetByLabel("Postal code").FillAsync("N1 9GU");
        await page.GetByLabel("Country (two letters, e.g. GB)").FillAsync("GB");
        await page.GetByLabel("Card number").FillAsync(cardNumber);
        // The shop does not pre-fill the expiry (it is the shopper's card): typed like the rest.
        await page.GetByLabel("Expiry month").FillAsync("12");
        await page.GetByLabel("Expiry year").FillAsync((DateTime.UtcNow.Year + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("CVC").FillAsync("123");
    }

    protected static ILocator PlaceOrderButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Place order" });

    protected static ILocator Confirmation(IPage page) => page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, your order is confirmed" });

    protected sealed record ShopProduct(Guid Id, string Sku, string Slug, string Name, decimal Price);
}
