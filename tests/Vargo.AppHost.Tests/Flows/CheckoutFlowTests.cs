using System.Net.Http.Json;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// Checkout across the real services: Auth tokens, Catalog prices (gRPC), Inventory reservations (gRPC),
/// Payment (gRPC), Orders' saga, and the bus. Each test makes its own category, product, stock and customers.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class CheckoutFlowTests(VargoAppFixture fixture, ITestOutputHelper output) : StorefrontFlowTests(fixture)
{
    [Fact]
    public async Task A_card_that_works_places_the_order_and_commits_the_stock()
    {
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 3, price: 19.99m);
        var email = NewEmail();
        var customer = await RegisterAndLoginAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 2 })).StatusCode);
        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4242424242424242");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderResponse>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal("Placed", order.Status);
        Assert.Equal(39.98m, order.Total);
        Assert.Equal(1, await AvailableAsync(client, sku));

        // OrderPlaced reaches Inventory (the reservation becomes a sale in the ledger) and Notification (confirmation).
        var admin = await AdminAsync(client);
        await Eventually.TrueAsync(async () =>
        {
            var ledger = await (await SendAsync(client, HttpMethod.Get, $"/api/inventory/stock/{sku}/ledger", admin)).Content.ReadFromJsonAsync<List<LedgerEntryResponse>>();
            return ledger!.Any(e => e.Kind.Equals("Commit", StringComparison.OrdinalIgnoreCase) && e.OrderId == order.Id && e.Quantity == 2);
        }, "Inventory committed the order's stock");
        await Eventually.TrueAsync(() => MailTo(email).Any(text => text.Contains("is confirmed", StringComparison.Ordinal) && text.Contains(sku, StringComparison.Ordinal)),
            "Notification wrote the confirmation e-mail");

        // Someone else's order does not exist for them.
        var stranger = await RegisterAndLoginAsync(client);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/api/orders/{order.Id}", stranger)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/api/orders/{order.Id}", customer)).StatusCode);
    }

    [Fact]
    public async Task A_declined_card_fails_the_order_and_releases_the_stock()
    {
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 2, price: 5.00m);
        var customer = await RegisterAndLoginAsync(client);

        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 2 });
        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4000000000000002");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderResponse>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal("PaymentFailed", order.Status);
        Assert.Equal(2, await AvailableAsync(client, sku));
    }

    [Fact]
    public async Task The_same_checkout_sent_five_times_at_once_places_one_order()
    {
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 10, price: 7.50m);
        var customer = await RegisterAndLoginAsync(client);
        await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 1 });

        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CheckoutAsync(client, customer, key, "4242424242424242")));
        // A copy that arrives while the first is running is told so (409, Retry-After); asked again, it gets the outcome.
        var answers = await Task.WhenAll(responses.Select(r => OutcomeAsync(r, () => CheckoutAsync(client, customer, key, "4242424242424242"))));
        var orders = await Task.WhenAll(answers.Select(r => r.Content.ReadFromJsonAsync<OrderResponse>()));

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(orders.Select(o => o!.Id).Distinct());
        Assert.Equal(9, await AvailableAsync(client, sku));

        // The same key with another body is refused, as problem details.
        var reused = await CheckoutAsync(client, customer, key, "5555555555554444");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Fifty_customers_racing_for_the_last_unit_get_one_order_and_no_charges()
    {
        const int Customers = 50;
        using var client = Fixture.CreateGatewayClient();
        var sku = await CreateProductWithStockAsync(client, onHand: 1, price: 99.00m);
        var customers = await Task.WhenAll(Enumerable.Range(0, Customers).Select(_ => RegisterAndLoginAsync(client)));
        await Task.WhenAll(customers.Select(c => SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", c, new { sku, quantity = 1 })));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var responses = await Task.WhenAll(customers.Select(c => CheckoutAsync(client, c, Guid.NewGuid().ToString(), "4242424242424242")));
        // Reported, not asserted: how long the 50 concurrent checkouts took on this machine, and the winner's steps.
        output.WriteLine($"{Customers} concurrent checkouts answered in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms; " +
            $"winner's Server-Timing: {string.Join(", ", responses.Where(r => r.StatusCode == HttpStatusCode.Created).SelectMany(r => r.Headers.TryGetValues("Server-Timing", out var t) ? t : []))}");

        var statuses = string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, statuses);
        // The losers get a final answer the storefront can show: the order Cancelled, out of stock, with the reason.
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Customers - 1, losers.Count);
        Assert.All(losers, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var lost = await Task.WhenAll(losers.Select(r => r.Content.ReadFromJsonAsync<OrderResponse>()));
        Assert.All(lost, o => Assert.Equal(("Cancelled", "out_of_stock"), (o!.Status, o.FailureCode)));
        Assert.Equal(0, await AvailableAsync(client, sku));

        // The winner paid once; nothing was charged, or even held, for any of the others.
        var admin = await AdminAsync(client);
        var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<OrderResponse>(cancellationToken: TestContext.Current.CancellationToken))!;
        var paid = Assert.Single(await PaymentsOfOrderAsync(client, admin, winner.Id));
        Assert.Equal(("Captured", 99.00m), (paid.Status, paid.Captured));
        var payments = await Task.WhenAll(lost.Select(o => PaymentsOfOrderAsync(client, admin, o!.Id)));
        Assert.All(payments, Assert.Empty);
    }

    /// <summary>The answer to a checkout, asking again (as a client honouring Retry-After would) while its key is in flight.</summary>
    private static async Task<HttpResponseMessage> OutcomeAsync(HttpResponseMessage response, Func<Task<HttpResponseMessage>> again)
    {
        await Eventually.TrueAsync(async () =>
        {
            if (response.StatusCode != HttpStatusCode.Conflict
                || !(await response.Content.ReadAsStringAsync()).Contains("urn:vargo:problems:idempotency-key-in-flight", StringComparison.Ordinal))
            {
                return true;
            }
            Assert.NotNull(response.Headers.RetryAfter);
            response = await again();
            return false;
        }, "the checkout's key is no longer in flight");
        return response;
    }
}
