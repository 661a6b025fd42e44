using System.Net;
using System.Net.Http.Json;
using Vargo.Web.Api;
using Vargo.Web.Components.Pages;

namespace Vargo.Web.Tests;

/// <summary>The checkout form never sends the shopper's card back to the browser and never invents card data.</summary>
public sealed class CheckoutTests : WebComponentTest
{
    private static readonly Cart OneLine = new([new CartLine("SKU-1", "Kazoo", 1, 5m, 5m, "USD", true)], 5m, "USD");

    private void Answer(HttpStatusCode checkout, string checkoutJson)
    {
        Gateway.Respond = request => request.RequestUri!.AbsolutePath switch
        {
            "/api/orders/cart" => new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(OneLine) },
            "/api/orders/checkout" => FakeGateway.Problem(checkout, checkoutJson),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    private static async Task FillAndPlaceAsync(IRenderedComponent<Checkout> cut)
    {
        foreach (var (id, value) in new[] { ("name", "Ada Lovelace"), ("line1", "12 Analytical St"), ("city", "London"), ("postalCode", "N1 9GU"),
                     ("country", "GB"), ("cardNumber", "4000 0000 0000 0002"), ("expMonth", "11"), ("expYear", "2031"), ("cvc", "123") })
        {
            cut.Find($"#{id}").Change(value);
        }
        await cut.Find("form").SubmitAsync();
    }

    [Fact]
    public void The_card_expiry_is_not_pre_filled_but_has_a_placeholder()
    {
        Answer(HttpStatusCode.OK, "{}");
        var cut = Render<Checkout>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#expMonth")), Wait);
        foreach (var id in new[] { "expMonth", "expYear", "cardNumber", "cvc" })
        {
            Assert.True(string.IsNullOrEmpty(cut.Find($"#{id}").GetAttribute("value")), $"{id} is pre-filled");
        }
        Assert.Equal("MM", cut.Find("#expMonth").GetAttribute("placeholder"));
        Assert.Equal("YYYY", cut.Find("#expYear").GetAttribute("placeholder"));
    }

    [Theory]
    [InlineData(HttpStatusCode.PaymentRequired, """{"title":"Payment declined","status":402}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"title":"Invalid","status":400,"errors":{"card.cvc":["The CVC is 3 or 4 digits."]}}""")]
    public async Task After_a_failed_attempt_the_card_number_and_CVC_are_empty_and_the_address_stays(HttpStatusCode status, string body)
    {
        Answer(status, body);
        var cut = Render<Checkout>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#cardNumber")), Wait);

        await FillAndPlaceAsync(cut);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=checkout-message]")), Wait);
        Assert.Contains(Gateway.Requests, r => r.Path == "/api/orders/checkout" && r.Body!.Contains("4000000000000002"));
        Assert.DoesNotContain("value=\"4000", cut.Markup);
        Assert.True(string.IsNullOrEmpty(cut.Find("#cardNumber").GetAttribute("value")));
        Assert.True(string.IsNullOrEmpty(cut.Find("#cvc").GetAttribute("value")));
        Assert.Equal("12 Analytical St", cut.Find("#line1").GetAttribute("value"));
        Assert.Equal("London", cut.Find("#city").GetAttribute("value"));
        Assert.Equal("11", cut.Find("#expMonth").GetAttribute("value"));
    }

    [Fact]
    public async Task The_form_checks_the_fields_before_calling_orders_and_still_empties_the_card()
    {
        Answer(HttpStatusCode.OK, "{}");
        var cut = Render<Checkout>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#cardNumber")), Wait);
        cut.Find("#city").Change("Lon\u0000don");
        cut.Find("#cardNumber").Change("4242 4242");
        cut.Find("#cvc").Change("12");

        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("invisible characters", cut.Find("[data-testid=error-city]").TextContent), Wait);
        Assert.Equal("Please enter the full name.", cut.Find("[data-testid=error-name]").TextContent);
        Assert.Equal("Please enter the card number: 12 to 19 digits, as on the card.", cut.Find("[data-testid=error-cardNumber]").TextContent);
        Assert.Equal("Please enter the expiry month, 1 to 12.", cut.Find("[data-testid=error-expMonth]").TextContent);
        Assert.Equal("Please enter the 3 or 4 digits on the back of the card.", cut.Find("[data-testid=error-cvc]").TextContent);
        Assert.DoesNotContain(Gateway.Requests, r => r.Path == "/api/orders/checkout");
        Assert.True(string.IsNullOrEmpty(cut.Find("#cardNumber").GetAttribute("value")));
        Assert.True(string.IsNullOrEmpty(cut.Find("#cvc").GetAttribute("value")));
    }
}
