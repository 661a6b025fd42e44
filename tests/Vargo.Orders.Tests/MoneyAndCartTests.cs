using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Orders.Apis;
using Vargo.Orders.Catalog;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;
using Vargo.Testing;

namespace Vargo.Orders.Tests;

/// <summary>Issue 13 items 2, 6, 7 and 10 on a real ordersdb (and the real Payment code on its own paymentsdb).</summary>
public sealed class MoneyAndCartTests(PostgresFixture fixture)
{
    private static ClaimsPrincipal Customer(Guid id) => new(new ClaimsIdentity([new Claim("sub", id.ToString()), new Claim("email", "ada@example.com")], "test"));

    private static Task<Results<Ok<CartView>, ValidationProblem, ProblemHttpResult>> AddAsync(CheckoutHarness harness, Guid customer, string sku, int quantity) =>
        harness.InScopeAsync(sp => CartApi.AddItem(new AddCartItem(sku, quantity), Customer(customer), sp.GetRequiredService<OrdersDbContext>(),
            sp.GetRequiredService<CatalogPrices>(), TimeProvider.System, CancellationToken.None));

    private static Task<Ok<CartView>> ViewAsync(CheckoutHarness harness, Guid customer) =>
        harness.InScopeAsync(sp => CartApi.GetCart(Customer(customer), sp.GetRequiredService<OrdersDbContext>(), sp.GetRequiredService<CatalogPrices>(),
            CancellationToken.None));

    [Fact]
    public async Task Adding_int_max_units_to_a_line_of_one_is_400_naming_quantity_and_the_line_stays_at_one()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 5);

        Assert.IsType<Ok<CartView>>((await AddAsync(harness, customer, sku, 1)).Result);
        var overflow = await AddAsync(harness, customer, sku, int.MaxValue);

        var problem = Assert.IsType<ValidationProblem>(overflow.Result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Equal(["quantity"], problem.ProblemDetails.Errors.Keys);
        await using var db = harness.NewDbContext();
        Assert.Equal(1, (await db.CartLines.SingleAsync(l => l.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken)).Quantity);
    }

    [Fact]
    public async Task A_second_currency_is_refused_at_add_time_with_409_and_the_total_stays_in_one_currency()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var dollars = harness.Stock(units: 5, price: 10.00m);
        harness.Catalog.PriceCurrencies[dollars] = "USD";
        var euros = harness.Stock(units: 5, price: 7.00m);

        Assert.IsType<Ok<CartView>>((await AddAsync(harness, customer, dollars, 1)).Result);
        var second = await AddAsync(harness, customer, euros, 1);

        var conflict = Assert.IsType<ProblemHttpResult>(second.Result);
        Assert.Equal(StatusCodes.Status409Conflict, conflict.StatusCode);
        Assert.Equal(CartProblems.CurrencyMismatch, conflict.ProblemDetails.Type);
        var cart = (await ViewAsync(harness, customer)).Value!;
        Assert.Equal((10.00m, "USD"), (cart.Total, cart.Currency));
        Assert.Equal([new CartTotal("USD", 10.00m)], cart.Totals);
    }

    [Fact]
    public async Task A_line_the_catalog_moved_to_another_currency_gets_its_own_total_and_nothing_is_summed_across()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var first = harness.Stock(units: 5, price: 10.00m);
        var second = harness.Stock(units: 5, price: 7.00m);
        await AddAsync(harness, customer, first, 1);
        await AddAsync(harness, customer, second, 1);

        harness.Catalog.PriceCurrencies[second] = "USD";
        var cart = (await ViewAsync(harness, customer)).Value!;

        Assert.Null(cart.Total);
        Assert.Null(cart.Currency);
        Assert.Equal([new CartTotal("EUR", 10.00m), new CartTotal("USD", 7.00m)], cart.Totals.OrderBy(t => t.Currency));
        Assert.IsType<CheckoutResult.Unavailable>(await harness.CheckoutAsync(customer));
    }

    [Fact]
    public async Task A_zero_total_order_is_placed_without_any_payment()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 5, price: 0.00m);
        await harness.FillCartAsync(customer, (sku, 2));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(0m, order.Total);
        Assert.Null(order.PaymentId);
        Assert.Empty(await harness.Payment.PaymentsOfAsync(order.Id));
        await using var db = harness.NewDbContext();
        Assert.False(await db.CartLines.AnyAsync(l => l.CustomerId == customer, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_amount_over_the_processors_limit_fails_as_final_not_as_try_again()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 5, price: 600_000.00m);
        await harness.FillCartAsync(customer, (sku, 2));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        Assert.Equal(OrderStatus.PaymentFailed, order.Status);
        Assert.Equal("amount_too_large", order.FailureCode);
        Assert.False(OrderView.Of(order).Retryable);
        Assert.DoesNotContain("try again", order.FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(5, harness.Inventory.Available[sku]);
    }

    [Theory]
    [InlineData("4000000000000002", "card_declined", false)]
    [InlineData("4000000000009995", "insufficient_funds", false)]
    [InlineData("4000000000000119", "processing_error", true)]
    public async Task Only_a_processor_hiccup_is_reported_as_retryable(string card, string code, bool retryable)
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        var sku = harness.Stock(units: 5);
        await harness.FillCartAsync(customer, (sku, 1));

        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer, card)).Order;

        Assert.Equal((code, retryable), (order.FailureCode, OrderView.Of(order).Retryable));
        Assert.Equal(retryable, OrderStatusView.Of(order).Retryable);
    }

    [Theory]
    [InlineData("abcd", "123", "card.number")]
    [InlineData("4242 4242 4242 424x", "123", "card.number")]
    [InlineData("42424242424", "123", "card.number")]
    [InlineData("42424242424242424242", "123", "card.number")]
    [InlineData("4242\u00004242424242424242", "123", "card.number")]
    [InlineData("4242424242424242", "12x", "card.cvc")]
    [InlineData("4242424242424242", "12", "card.cvc")]
    [InlineData("4242424242424242", "12345", "card.cvc")]
    [InlineData("4242424242424242", "", "card.cvc")]
    public void A_card_number_or_security_code_of_the_wrong_shape_is_400_naming_the_field(string number, string cvc, string field)
    {
        var request = new CheckoutRequest(new AddressInput("Ada", "1 Analytical Way", null, "London", "N1 9GU", "GB"),
            new CardInput(number, 12, 2034, cvc, null));

        Assert.Equal([field], request.Validate().Keys);
    }

    [Theory]
    [InlineData("4242 4242 4242 4242", "123")]
    [InlineData("4242-4242-4242-4242", "123")]
    [InlineData("378282246310005", "1234")]
    [InlineData("4242424242424241", "123")]
    public void A_card_of_the_right_shape_goes_to_the_processor_even_if_it_will_refuse_it(string number, string cvc) =>
        Assert.Empty(new CheckoutRequest(new AddressInput("Ada", "1 Analytical Way", null, "London", "N1 9GU", "GB"),
            new CardInput(number, 12, 2034, cvc, null)).Validate());

    [Theory]
    [InlineData("ZZ")]
    [InlineData("UK")]
    [InlineData("gb")]
    [InlineData("GBR")]
    public void A_shipping_country_that_is_not_an_assigned_alpha2_code_is_400_naming_the_field(string country)
    {
        var request = new CheckoutRequest(new AddressInput("Ada", "1 Analytical Way", null, "London", "N1 9GU", country),
            new CardInput("4242424242424242", 12, 2034, "123", null));

        Assert.Equal(["shippingAddress.country"], request.Validate().Keys);
        Assert.Empty((request with { ShippingAddress = request.ShippingAddress! with { Country = "GB" } }).Validate());
    }
}
