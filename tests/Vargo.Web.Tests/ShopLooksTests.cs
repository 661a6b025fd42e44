using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Web.Api;
using Vargo.Web.Apis;
using Vargo.Web.Components.Pages;
using Vargo.Web.Components.Shared;

namespace Vargo.Web.Tests;

/// <summary>How products, categories and orders read on the shopper's pages.</summary>
public sealed class ShopLooksTests : WebComponentTest
{
    private static readonly List<CategoryNode> Tree =
    [
        new(Guid.NewGuid(), "footwear", "Footwear", "footwear", 0,
        [
            new(Guid.NewGuid(), "athletic-shoes", "Athletic Shoes", "footwear/athletic-shoes", 1,
            [
                new(Guid.NewGuid(), "running-shoes", "Running Shoes", "footwear/athletic-shoes/running-shoes", 2, []),
            ]),
        ]),
    ];

    private static HttpResponseMessage Json<T>(T value) => new(HttpStatusCode.OK) { Content = JsonContent.Create(value) };

    private void NavigateTo(string uri) => Services.GetRequiredService<NavigationManager>().NavigateTo(uri);

    [Fact]
    public void A_product_without_a_picture_shows_its_own_initials_tile()
    {
        var cut = Render<ProductCard>(p => p.Add(c => c.Slug, "trail-runner").Add(c => c.Name, "Trail Runner").Add(c => c.Currency, "USD"));

        Assert.Equal("/api/catalog/images/trail-runner.svg", cut.Find("img").GetAttribute("src"));
    }

    [Fact]
    public void Search_results_facets_show_category_names_one_list_item_each_and_per_product_tiles()
    {
        var hit = new Suggestion(Guid.NewGuid(), "SH-1", "Trail Runner", "trail-runner", "Halcyon", "footwear/athletic-shoes/running-shoes", 99m, "USD", 1);
        var answer = new ShopSearchResponse("runner", new InterpretedQuery("runner", null, null, null, null, null), [hit], 1,
            new SearchFacets([new("footwear/athletic-shoes/running-shoes", 2), new("footwear/athletic-shoes", 1)],
                [new("Halcyon Audio", 2), new("Sonora", 1)]));
        Gateway.Respond = r => r.RequestUri!.AbsolutePath switch
        {
            "/api/catalog/categories" => Json(Tree),
            "/api/recommendations/find" => Json(answer),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
        NavigateTo("/search?q=runner");

        var cut = Render<Search>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".card img")), Wait);
        Assert.Equal("/api/catalog/images/trail-runner.svg", cut.Find(".card img").GetAttribute("src"));
        var categories = cut.FindAll("ul[aria-labelledby=refine-category] li a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Running Shoes", "Athletic Shoes"], categories);
        Assert.Equal(2, cut.FindAll("ul[aria-labelledby=refine-brand] li").Count);
        Assert.DoesNotContain("footwear/athletic-shoes", cut.Find("nav.refine").TextContent);
    }

    [Theory]
    [InlineData("runing shoes", "running shoes", true)]
    [InlineData("running shoes", null, false)]
    public void A_corrected_query_is_said_back_to_the_shopper_and_an_uncorrected_one_is_not(string q, string? corrected, bool shown)
    {
        var hit = new Suggestion(Guid.NewGuid(), "SH-1", "Trail Runner", "trail-runner", "Halcyon", "footwear/athletic-shoes/running-shoes", 99m, "USD", 1);
        var answer = new ShopSearchResponse(q, new InterpretedQuery(q, null, null, null, null, null, corrected), [hit], 1, new SearchFacets([], []));
        Gateway.Respond = r => r.RequestUri!.AbsolutePath switch
        {
            "/api/catalog/categories" => Json(Tree),
            "/api/recommendations/find" => Json(answer),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
        NavigateTo($"/search?q={Uri.EscapeDataString(q)}");

        var cut = Render<Search>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".card img")), Wait);
        var notes = cut.FindAll("[data-testid=corrected]");
        if (shown)
        {
            Assert.Equal($"Showing results for “{corrected}”.", Assert.Single(notes).TextContent);
        }
        else
        {
            Assert.Empty(notes);
        }
    }

    [Fact]
    public void The_product_breadcrumb_names_and_links_each_category()
    {
        var product = new Product(Guid.NewGuid(), "SH-1", "Trail Runner", "trail-runner", null, "Halcyon", Guid.NewGuid(),
            "footwear/athletic-shoes/running-shoes", 99m, "USD", null, [], "active", new Dictionary<string, JsonElement>(), [], 1);
        Gateway.Respond = r => r.RequestUri!.AbsolutePath switch
        {
            "/api/catalog/categories" => Json(Tree),
            "/api/catalog/products/by-slug/trail-runner" => Json(product),
            "/api/inventory/availability" => Json(new[] { new Availability("SH-1", 3, true) }),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };

        var cut = Render<ProductDetails>(p => p.Add(c => c.Slug, "trail-runner"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=breadcrumb]")), Wait);
        var crumbs = cut.FindAll("[data-testid=breadcrumb] a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("Footwear", "/c/footwear"), ("Athletic Shoes", "/c/athletic-shoes"), ("Running Shoes", "/c/running-shoes")], crumbs);
        Assert.Equal("/api/catalog/images/trail-runner.svg", cut.Find("article.product img").GetAttribute("src"));
    }

    private static Order PlacedOrder(Guid id) => new(id, "Placed", 34.49m, "USD", [new(Guid.NewGuid(), "SH-1", "Trail Runner", 1, 34.49m, 34.49m)],
        new ShippingAddress("Ada", "12 Analytical St", null, "London", "N1 9GU", "GB"), "visa", "4242", null, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void The_confirmation_shows_the_short_order_number()
    {
        var id = Guid.Parse("00000000-0000-0000-0000-00007c3c6ba4");
        Gateway.Respond = _ => Json(PlacedOrder(id));
        NavigateTo($"/orders/{id}?placed=1");

        var cut = Render<OrderDetail>(p => p.Add(c => c.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("7C3C6BA4", cut.Find("[data-testid=order-number]").TextContent), Wait);
    }

    [Fact]
    public void Cancelling_asks_to_confirm_first_and_the_confirm_step_posts_the_confirmation()
    {
        var id = Guid.NewGuid();
        Gateway.Respond = _ => Json(PlacedOrder(id));
        NavigateTo($"/orders/{id}");
        var first = Render<OrderDetail>(p => p.Add(c => c.Id, id));
        first.WaitForAssertion(() => Assert.NotNull(first.Find("form[method=get] button")), Wait);
        Assert.Empty(first.FindAll($"form[action='/orders/{id}/cancel']"));

        NavigateTo($"/orders/{id}?cancel=confirm");
        var confirm = Render<OrderDetail>(p => p.Add(c => c.Id, id));

        confirm.WaitForAssertion(() => Assert.NotNull(confirm.Find("[data-testid=cancel-confirm]")), Wait);
        Assert.Contains("34.49 USD", confirm.Find("[data-testid=cancel-confirm]").TextContent);
        Assert.Equal("yes", confirm.Find($"form[action='/orders/{id}/cancel'] input[name=confirm]").GetAttribute("value"));
        Assert.Equal($"/orders/{id}", confirm.Find("[data-testid=cancel-confirm] a").GetAttribute("href"));
    }

    [Fact]
    public async Task A_cancel_post_without_the_confirmation_goes_to_the_confirm_step_and_cancels_nothing()
    {
        var id = Guid.NewGuid();

        var redirect = await ShopActions.CancelOrder(id, null, Services.GetRequiredService<VargoApi>());

        Assert.Equal($"/orders/{id}?cancel=confirm", redirect.Url);
        Assert.Empty(Gateway.Requests);
    }

    [Fact]
    public async Task A_product_id_opens_the_products_page()
    {
        var product = new Product(Guid.NewGuid(), "SH-1", "Trail Runner", "trail-runner", null, null, Guid.NewGuid(), "footwear", 99m, "USD", null, [],
            "active", new Dictionary<string, JsonElement>(), [], 1);
        Gateway.Respond = r => r.RequestUri!.AbsolutePath == $"/api/catalog/products/{product.Id}" ? Json(product) : new HttpResponseMessage(HttpStatusCode.NotFound);
        var api = Services.GetRequiredService<VargoApi>();

        var found = await ShopActions.OpenProduct(product.Id, api);
        var unknown = await ShopActions.OpenProduct(Guid.NewGuid(), api);

        Assert.Equal("/p/trail-runner", Assert.IsType<RedirectHttpResult>(found.Result).Url);
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.NotFound>(unknown.Result);
    }
}
