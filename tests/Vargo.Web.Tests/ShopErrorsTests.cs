using System.Net;
using System.Net.Http.Json;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Web.Api;
using Vargo.Web.Apis;
using Vargo.Web.Components.Pages;
using Vargo.Web.Components.Shared;

namespace Vargo.Web.Tests;

/// <summary>Only error codes travel in the address, and a page shows the shop's own sentence for a known one.</summary>
public sealed class ShopErrorsTests : WebComponentTest
{
    private static readonly Cart Empty = new([], 0m, null);

    private IRenderedComponent<CartPage> RenderCartAt(string uri)
    {
        Gateway.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(Empty) };
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<CartPage>();
    }

    [Theory]
    [InlineData("/cart?error=Your%20account%20is%20locked.%20Call%20%2B1-555-0100")]
    [InlineData("/cart?error=%3Cb%3Ehi%3C%2Fb%3E")]
    public void A_text_in_the_address_is_not_shown(string uri)
    {
        var cut = RenderCartAt(uri);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=cart-empty]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=cart-error]"));
        Assert.DoesNotContain("555-0100", cut.Markup);
    }

    [Fact]
    public void A_known_code_shows_the_shops_sentence()
    {
        var cut = RenderCartAt("/cart?error=sold-out");

        cut.WaitForAssertion(() => Assert.Equal(ShopErrors.Message(ShopErrors.SoldOut), cut.Find("[data-testid=cart-error]").TextContent), Wait);
    }

    [Fact]
    public async Task Adding_a_sold_out_sku_comes_back_with_the_sold_out_code()
    {
        Gateway.Respond = request => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = JsonContent.Create(new[] { new Availability("SKU-GONE", 0, true) }),
        };

        var redirect = await ShopActions.AddToCart("SKU-GONE", "1", "/p/kettle", Services.GetRequiredService<VargoApi>());

        Assert.Equal("/p/kettle?error=sold-out", redirect.Url);
        Assert.DoesNotContain(Gateway.Requests, r => r.Path == "/api/orders/cart/items");
    }

    [Fact]
    public async Task Adding_a_sku_that_is_not_for_sale_says_so_not_the_quantity_rule()
    {
        Gateway.Respond = request => request.RequestUri!.AbsolutePath == "/api/orders/cart/items"
            ? FakeGateway.Problem(HttpStatusCode.BadRequest, """{"title":"Invalid","status":400,"errors":{"sku":["sku: no product is for sale with this SKU."]}}""")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new[] { new Availability("SKU-NOPE", 0, false) }) };

        var redirect = await ShopActions.AddToCart("SKU-NOPE", "1", "/p/kettle", Services.GetRequiredService<VargoApi>());

        Assert.Equal("/p/kettle?error=not-for-sale", redirect.Url);
    }

    [Theory]
    [InlineData(null, "1", "no-item")]
    [InlineData("SKU-1", "0", "quantity")]
    [InlineData("SKU-1", "abc", "quantity")]
    public async Task A_tampered_add_gets_a_code_for_what_is_wrong(string? sku, string quantity, string code)
    {
        var redirect = await ShopActions.AddToCart(sku, quantity, "/p/kettle", Services.GetRequiredService<VargoApi>());

        Assert.Equal($"/p/kettle?error={code}", redirect.Url);
        Assert.NotNull(ShopErrors.Message(code));
    }

    [Fact]
    public void Unknown_codes_have_no_message() => Assert.Null(ShopErrors.Message("Your account is locked"));
}
