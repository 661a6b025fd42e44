using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vargo.AppHost.Tests.Browser;

/// <summary>The assistant chat panel and the admin's product and category editors, in a real browser.</summary>
[Collection(VargoAppCollection.Name)]
public sealed class AssistantAndAdminBrowserTests(VargoAppFixture fixture) : BrowserTests(fixture)
{
    [Fact]
    public Task A_shopper_asks_the_assistant_on_a_phone() => RunAsync(nameof(A_shopper_asks_the_assistant_on_a_phone), async () =>
    {
        var page = await NewShopperAsync(width: 375, height: 800);
        await RegisterAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Ask the assistant" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ask the assistant" })).ToBeVisibleAsync();
        // The button is enabled once the circuit is interactive.
        await Expect(page.GetByTestId("chat-send")).ToBeEnabledAsync();
        await page.GetByLabel("Your question").FillAsync("headphones under 300");
        await page.GetByTestId("chat-send").ClickAsync();

        await Expect(page.GetByTestId("chat-user")).ToContainTextAsync("headphones under 300");
        // The first question on a cold system warms the assistant's in-process embeddings and the catalog search: the
        // wait is for the answer to be whole (an upper bound for a loaded 2-core machine, not a speed assertion).
        await Expect(page.GetByTestId("chat-log")).ToHaveAttributeAsync("aria-busy", "false", new() { Timeout = 240_000 });
        await Expect(page.GetByTestId("chat-assistant")).ToHaveCountAsync(1);
        Assert.False(string.IsNullOrWhiteSpace(await page.GetByTestId("chat-assistant").TextContentAsync()));
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"/assistant is {overflow} px wider than a 375 px screen.");
    });

    [Fact]
    public Task An_admin_creates_a_category_and_a_product_and_renames_the_category() => RunAsync(nameof(An_admin_creates_a_category_and_a_product_and_renames_the_category), async () =>
    {
        var suffix = NewSuffix();
        var admin = await NewShopperAsync();
        var (email, password) = await AdminCredentialsAsync();
        await admin.GotoAsync("/login?returnUrl=/admin/categories/new");
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Password").FillAsync(password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // A category: a bad slug is named next to its field, then fixed.
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync($"Admin made {suffix}");
        await admin.GetByLabel("Slug (lower-case letters, digits, hyphens)").FillAsync("Not A Slug");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create category" }).ClickAsync();
        await Expect(admin.GetByTestId("error-slug")).ToBeVisibleAsync();
        await admin.GetByLabel("Slug (lower-case letters, digits, hyphens)").FillAsync($"admin-made-{suffix}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create category" }).ClickAsync();
        await Expect(admin.GetByTestId("saved")).ToBeVisibleAsync();
        var categoryId = Regex.Match(admin.Url, "/admin/categories/([0-9a-f-]{36})").Groups[1].Value;

        // A product in it: a lower-case currency is refused next to the currency field, then fixed.
        await admin.GotoAsync("/admin/products/new");
        var sku = $"ADM-{suffix}".ToUpperInvariant();
        await admin.GetByLabel("SKU").FillAsync(sku);
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync($"Admin lamp {suffix}");
        await admin.GetByLabel("Category").SelectOptionAsync(categoryId);
        await admin.GetByLabel("Price", new() { Exact = true }).FillAsync("19.90");
        await admin.GetByLabel("Currency (ISO 4217, e.g. USD)").FillAsync("usd");
        await admin.GetByLabel("Status").SelectOptionAsync("active");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Expect(admin.GetByTestId("error-currency")).ToBeVisibleAsync();
        await admin.GetByLabel("Currency (ISO 4217, e.g. USD)").FillAsync("USD");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Expect(admin.GetByTestId("saved")).ToBeVisibleAsync();
        await Expect(admin.GetByText($"SKU {sku}")).ToBeVisibleAsync();

        // Renaming the category keeps it (and its product) where it was.
        await admin.GotoAsync($"/admin/categories/{categoryId}");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync($"Renamed {suffix}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByTestId("saved")).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = $"Edit Renamed {suffix}" })).ToBeVisibleAsync();
    });
}
