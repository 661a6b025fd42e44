using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vargo.Testing;
using static Microsoft.Playwright.Assertions;

namespace Vargo.AppHost.Tests.Browser;

/// <summary>A shopper's journeys through the storefront (http://gateway/), as issue 12 lists them.</summary>
[Collection(VargoAppCollection.Name)]
public sealed class StorefrontBrowserTests(VargoAppFixture fixture) : BrowserTests(fixture)
{
    [Fact]
    public Task A_new_visitor_registers_browses_searches_and_buys_two_items() => RunAsync(nameof(A_new_visitor_registers_browses_searches_and_buys_two_items), async () =>
    {
        var (category, products) = await CreateCatalogAsync(("Zephyr lamp", 24.50m, 5), ("Quokka mug", 9.99m, 5));
        var page = await NewShopperAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        var email = await RegisterAsync(page);

        // Browse the category: both products listed; open the lamp and add it.
        await page.GotoAsync($"/c/{category}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = products[1].Name })).ToBeVisibleAsync();
        // The README's picture of the shop (docs/storefront.png is a copy of this file from a test run).
        await page.GotoAsync("/c/audio", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "TestResults", "storefront.png") });
        await page.GotoAsync($"/c/{category}");
        await page.GetByRole(AriaRole.Link, new() { Name = products[0].Name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = products[0].Name })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stock")).ToHaveTextAsync("Only 5 left");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.Locator($"tr[data-sku='{products[0].Sku}']")).ToBeVisibleAsync();

        // Search for the mug by its unique word and add it from its page.
        var word = products[1].Name.Split(' ')[^1];
        await page.GetByLabel("Search products").FillAsync(word);
        await page.GetByLabel("Search products").PressAsync("Enter");
        await Expect(page.GetByTestId("result-count")).ToBeVisibleAsync();
        // The shop's search indexes a new product when Recommendation consumes its ProductUpserted event: search again until it has.
        await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync($"/search?q={Uri.EscapeDataString(word)}");
            return await page.GetByRole(AriaRole.Link, new() { Name = products[1].Name }).CountAsync() > 0;
        }, "the new product is found by the shop's search");
        await page.GetByRole(AriaRole.Link, new() { Name = products[1].Name }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.Locator("table.cart tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("cart-total")).ToHaveTextAsync("34.49 USD");

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await FillCheckoutAsync(page, "4242 4242 4242 4242");
        await PlaceOrderButton(page).ClickAsync();

        await Expect(Confirmation(page)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        await Expect(page.GetByTestId("order-total")).ToHaveTextAsync("34.49 USD");
        var orderId = Regex.Match(page.Url, "/orders/([0-9a-f-]{36})").Groups[1].Value;

        // The confirmation reaches the inbox once Notification consumed OrderPlaced: reload until it is there.
        await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync("/notifications");
            return await page.GetByTestId("notification").Filter(new() { HasText = "confirmed" }).CountAsync() > 0;
        }, "the order confirmation is in the shopper's notifications");
        Assert.NotEmpty(orderId);
        Assert.NotEmpty(email);
    });

    [Fact]
    public Task A_declined_card_shows_a_clear_message_and_keeps_the_cart() => RunAsync(nameof(A_declined_card_shows_a_clear_message_and_keeps_the_cart), async () =>
    {
        var (_, products) = await CreateCatalogAsync(("Declined kettle", 30.00m, 3));
        var page = await NewShopperAsync();
        await RegisterAsync(page);
        await AddToCartAsync(page, products[0]);

        await FillCheckoutAsync(page, "4000 0000 0000 0002");
        await PlaceOrderButton(page).ClickAsync();

        await Expect(page.GetByTestId("checkout-message")).ToContainTextAsync("Your card was declined");
        // The page that comes back carries neither the card number nor the CVC; the address stays.
        Assert.DoesNotContain("value=\"4000", await page.ContentAsync());
        await Expect(page.GetByLabel("Card number")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("CVC")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("City")).ToHaveValueAsync("London");
        await page.GotoAsync("/cart");
        await Expect(page.Locator($"tr[data-sku='{products[0].Sku}']")).ToBeVisibleAsync();
        await page.GotoAsync("/orders");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your orders" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-row").Filter(new() { HasText = "Placed" })).ToHaveCountAsync(0);
        using var client = Fixture.CreateGatewayClient();
        Assert.Equal(3, await AvailableAsync(client, products[0].Sku));
    });

    [Fact]
    public Task Two_shoppers_buy_the_last_unit_at_once_and_one_gets_it() => RunAsync(nameof(Two_shoppers_buy_the_last_unit_at_once_and_one_gets_it), async () =>
    {
        var (_, products) = await CreateCatalogAsync(("Last lantern", 80.00m, 1));
        var shoppers = new[] { await NewShopperAsync(), await NewShopperAsync() };
        foreach (var page in shoppers)
        {
            await RegisterAsync(page);
            await AddToCartAsync(page, products[0]);
            await FillCheckoutAsync(page, "4242424242424242");
        }

        await Task.WhenAll(shoppers.Select(page => PlaceOrderButton(page).ClickAsync()));

        foreach (var page in shoppers)
        {
            await Expect(Confirmation(page).Or(page.GetByTestId("checkout-message"))).ToBeVisibleAsync();
        }
        var confirmed = shoppers.Where(p => p.Url.Contains("/orders/", StringComparison.Ordinal)).ToList();
        var refused = shoppers.Except(confirmed).ToList();
        Assert.Single(confirmed);
        var loser = Assert.Single(refused);
        await Expect(loser.GetByTestId("checkout-message")).ToContainTextAsync("sold out");
        using var client = Fixture.CreateGatewayClient();
        Assert.Equal(0, await AvailableAsync(client, products[0].Sku));
    });

    [Fact]
    public Task Double_clicking_and_reposting_place_order_creates_one_order() => RunAsync(nameof(Double_clicking_and_reposting_place_order_creates_one_order), async () =>
    {
        var (_, products) = await CreateCatalogAsync(("Twice toaster", 15.00m, 10));
        var page = await NewShopperAsync();
        await RegisterAsync(page);
        await AddToCartAsync(page, products[0]);
        await FillCheckoutAsync(page, "4242424242424242");

        // What the browser would post again on "resend": the same fields, key and anti-forgery token included.
        var fields = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries(new FormData(document.querySelector('form.checkout')))");
        await PlaceOrderButton(page).DblClickAsync();
        await Expect(Confirmation(page)).ToBeVisibleAsync();
        var orderId = Regex.Match(page.Url, "/orders/([0-9a-f-]{36})").Groups[1].Value;

        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (key, value) in fields)
        {
            form.Set(key, value);
        }
        var repost = await page.Context.APIRequest.PostAsync("/checkout", new() { Form = form });
        Assert.True(repost.Url.Contains($"/orders/{orderId}", StringComparison.Ordinal),
            $"The re-post answered {repost.Status} at {repost.Url}: {(await repost.TextAsync())[..Math.Min(2000, (await repost.TextAsync()).Length)]}");

        await page.GotoAsync("/orders");
        await Expect(page.GetByTestId("order-row")).ToHaveCountAsync(1);
        using var client = Fixture.CreateGatewayClient();
        Assert.Equal(9, await AvailableAsync(client, products[0].Sku));
    });

    [Fact]
    public Task An_admin_changes_a_price_and_the_shop_shows_it() => RunAsync(nameof(An_admin_changes_a_price_and_the_shop_shows_it), async () =>
    {
        var (_, products) = await CreateCatalogAsync(("Repriced radio", 10.00m, 5));
        var product = products[0];

        var admin = await NewShopperAsync();
        var (email, password) = await AdminCredentialsAsync();
        await admin.GotoAsync($"/login?returnUrl=/admin/products/{product.Id}");
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Password").FillAsync(password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.GetByLabel("Price (USD)").FillAsync("12.34");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByTestId("saved")).ToBeVisibleAsync();

        var shopper = await NewShopperAsync();
        await RegisterAsync(shopper);
        // The catalog's read cache is invalidated by the change; the page is read again until it shows the new price.
        await Eventually.TrueAsync(async () =>
        {
            await shopper.GotoAsync($"/p/{product.Slug}");
            return (await shopper.GetByTestId("price").TextContentAsync())?.Contains("12.34 USD", StringComparison.Ordinal) == true;
        }, "the product page shows the new price");
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(shopper.GetByTestId("cart-total")).ToHaveTextAsync("12.34 USD");
    });

    [Fact]
    public Task The_whole_checkout_works_with_the_keyboard_only() => RunAsync(nameof(The_whole_checkout_works_with_the_keyboard_only), async () =>
    {
        var (_, products) = await CreateCatalogAsync(("Keyboard kazoo", 5.00m, 4));
        var page = await NewShopperAsync();
        await RegisterAsync(page);
        await page.GotoAsync($"/p/{products[0].Slug}");

        await TabToAsync(page, "Add to cart");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator($"tr[data-sku='{products[0].Sku}']")).ToBeVisibleAsync();
        await TabToAsync(page, "Checkout");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout", Exact = true })).ToBeVisibleAsync();

        // Every field in tab order from the first, typed over whatever it was pre-filled with.
        await TabToAsync(page, "() => document.activeElement?.id === 'name'", "the Full name field");
        var values = new[] { "Ada Lovelace", "12 Analytical St", "", "London", "N1 9GU", "GB", "4242424242424242", "Ada Lovelace", "12", (DateTime.UtcNow.Year + 2).ToString(CultureInfo.InvariantCulture), "123" };
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                await page.Keyboard.PressAsync("Tab");
            }
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.PressAsync("Delete");
            await page.Keyboard.TypeAsync(values[i]);
        }
        await TabToAsync(page, "Place order");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Confirmation(page)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
    });

    [Fact]
    public Task Another_customers_order_is_not_found() => RunAsync(nameof(Another_customers_order_is_not_found), async () =>
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 3.00m);
        var page = await NewShopperAsync();
        await RegisterAsync(page);

        var response = await page.GotoAsync($"/orders/{placed.Order.Id}");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-total")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task The_shop_fits_a_phone_screen() => RunAsync(nameof(The_shop_fits_a_phone_screen), async () =>
    {
        var (category, products) = await CreateCatalogAsync(("Narrow notebook", 4.00m, 2));
        var page = await NewShopperAsync(width: 375, height: 800);
        await RegisterAsync(page);
        await AddToCartAsync(page, products[0]);
        foreach (var path in new[] { "/", $"/c/{category}", $"/p/{products[0].Slug}", "/cart", "/checkout" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
            // Usable at 375 px: nothing wider than the screen (no sideways scrolling).
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow} px wider than a 375 px screen.");
        }
        // On a phone the category's filters fold away behind "Filters": the first product is on the first screen.
        await page.GotoAsync($"/c/{category}");
        await Expect(page.Locator(".card").First).ToBeInViewportAsync();
    });

    [Fact]
    public Task Unknown_products_and_categories_are_not_found() => RunAsync(nameof(Unknown_products_and_categories_are_not_found), async () =>
    {
        var page = await NewShopperAsync();
        foreach (var path in new[] { $"/p/nope-{Guid.NewGuid():N}", $"/c/nope-{Guid.NewGuid():N}" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Exact = true })).ToBeVisibleAsync();
        }
    });

    [Fact]
    public Task A_new_users_findings_are_fixed() => RunAsync(nameof(A_new_users_findings_are_fixed), async () =>
    {
        var (category, products) = await CreateCatalogAsync(("Findings flask", 7.00m, 3));
        var page = await NewShopperAsync();
        await RegisterAsync(page);

        // The shop has a favicon (no 404 on every page).
        Assert.Equal(200, (await page.APIRequest.GetAsync("/favicon.ico")).Status);

        // A text in ?error= is not shown (the shop says its own sentences only).
        await AddToCartAsync(page, products[0]);
        await page.GotoAsync("/cart?error=" + Uri.EscapeDataString("Your account is locked. Call +1-555-0100"));
        await Expect(page.Locator($"tr[data-sku='{products[0].Sku}']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cart-error")).ToHaveCountAsync(0);
        await page.GotoAsync($"/p/{products[0].Slug}?error=" + Uri.EscapeDataString("Call +1-555-0100"));
        await Expect(page.GetByTestId("add-error")).ToHaveCountAsync(0);

        // The cart line links to the product; its breadcrumb names the category.
        await page.GotoAsync("/cart");
        await page.GetByRole(AriaRole.Link, new() { Name = products[0].Name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = products[0].Name })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("breadcrumb").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/c/{category}");

        // The confirmation names the order by its short number; cancelling asks first.
        await FillCheckoutAsync(page, "4242 4242 4242 4242");
        await PlaceOrderButton(page).ClickAsync();
        await Expect(Confirmation(page)).ToBeVisibleAsync();
        var orderId = Guid.Parse(Regex.Match(page.Url, "/orders/([0-9a-f-]{36})").Groups[1].Value);
        await Expect(page.GetByTestId("order-number")).ToHaveTextAsync(orderId.ToString("N")[^8..].ToUpperInvariant());
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order…" }).ClickAsync();
        await Expect(page.GetByTestId("cancel-confirm")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Placed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel the order" }).ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Cancelled");
    });

    /// <summary>Presses Tab until the focused element is the link or button named <paramref name="name"/>.</summary>
    private static Task TabToAsync(IPage page, string name) =>
        TabToAsync(page, $"() => (document.activeElement?.innerText ?? '').trim() === {JsonSerializer.Serialize(name)}", $"'{name}'");

    private static async Task TabToAsync(IPage page, string focusedTest, string what)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>(focusedTest))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {what}.");
    }
}
