using System.Net.Http.Json;
using System.Text.Json;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// Refunds of a placed order's payment across the real services: an admin refunds through Payment's API (partly,
/// fully, too much, twice at once); the owner cancels before shipment through Orders (refund + OrderCancelled).
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class RefundFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    [Fact]
    public async Task An_admin_refunds_part_then_the_rest_and_nothing_more()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 40.00m);
        var admin = await AdminAsync(client);
        var payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));
        Assert.Equal(("Captured", 40.00m, 0m), (payment.Status, payment.Captured, payment.Refunded));

        var partial = await RefundAsync(client, admin, payment.Id, 15.00m);
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));
        Assert.Equal(("PartiallyRefunded", 15.00m), (payment.Status, payment.Refunded));

        var rest = await RefundAsync(client, admin, payment.Id, amount: null);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));
        Assert.Equal(("Refunded", 40.00m), (payment.Status, payment.Refunded));

        var more = await RefundAsync(client, admin, payment.Id, 0.01m);
        Assert.Equal(HttpStatusCode.Conflict, more.StatusCode);
        Assert.Equal("payment_not_refundable", (await ProblemAsync(more)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_over_refund_or_a_bad_amount_is_rejected_and_changes_nothing()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 20.00m);
        var admin = await AdminAsync(client);
        var payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));

        var tooMuch = await RefundAsync(client, admin, payment.Id, 25.00m);
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        var problem = await ProblemAsync(tooMuch);
        Assert.Equal("amount_too_large", problem.GetProperty("code").GetString());
        Assert.Contains("20.00 USD", problem.GetProperty("detail").GetString());

        // The same key again: the same refusal; with another amount: 422.
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Conflict, (await RefundAsync(client, admin, payment.Id, 30.00m, key)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await RefundAsync(client, admin, payment.Id, 30.00m, key)).StatusCode);
        var reused = await RefundAsync(client, admin, payment.Id, 5.00m, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        await ProblemAsync(reused);

        var negative = await RefundAsync(client, admin, payment.Id, -5m);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.True((await ProblemAsync(negative)).GetProperty("errors").TryGetProperty("amount", out _));

        var withoutKey = await SendAsync(client, HttpMethod.Post, $"/api/payments/{payment.Id}/refunds", admin, new { amount = 1.00m });
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
        Assert.True((await ProblemAsync(withoutKey)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        // Refunds are for admins only: the customer who paid cannot refund themselves.
        Assert.Equal(HttpStatusCode.Forbidden, (await RefundAsync(client, placed.Customer, payment.Id, 1.00m)).StatusCode);

        payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));
        Assert.Equal(("Captured", 20.00m, 0m), (payment.Status, payment.Captured, payment.Refunded));
    }

    [Fact]
    public async Task Two_concurrent_refunds_never_exceed_the_capture()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 50.00m);
        var admin = await AdminAsync(client);
        var payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));

        var responses = await Task.WhenAll(RefundAsync(client, admin, payment.Id, 30.00m), RefundAsync(client, admin, payment.Id, 30.00m));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));
        Assert.Equal(("PartiallyRefunded", 30.00m), (payment.Status, payment.Refunded));
    }

    [Fact]
    public async Task The_owner_cancels_before_shipment_and_is_refunded()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 12.50m, quantity: 2);
        var admin = await AdminAsync(client);
        var stranger = await RegisterAndLoginAsync(client);

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Post, $"/api/orders/{placed.Order.Id}/cancel", stranger)).StatusCode);
        Assert.Equal("Captured", Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id)).Status);

        var cancelled = await SendAsync(client, HttpMethod.Post, $"/api/orders/{placed.Order.Id}/cancel", placed.Customer);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var order = (await cancelled.Content.ReadFromJsonAsync<OrderResponse>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal(("Cancelled", "cancelled_by_customer"), (order.Status, order.FailureCode));
        var payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));
        Assert.Equal(("Refunded", 25.00m, 25.00m), (payment.Status, payment.Captured, payment.Refunded));

        // Cancelling again changes nothing; OrderCancelled reaches Notification, which tells the customer, and
        // Inventory, which puts the two sold units back on stock once.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, $"/api/orders/{placed.Order.Id}/cancel", placed.Customer)).StatusCode);
        Assert.Equal(25.00m, Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id)).Refunded);
        await Eventually.TrueAsync(() => MailTo(placed.Email).Any(text => text.Contains("was cancelled", StringComparison.Ordinal)),
            "Notification wrote the cancellation e-mail");
        await Eventually.TrueAsync(async () => await AvailableAsync(client, placed.Sku) == 5, "the units are back on stock");
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 8.00m);
        var admin = await AdminAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, $"/api/orders/admin/{placed.Order.Id}/ship", admin)).StatusCode);
        var cancel = await SendAsync(client, HttpMethod.Post, $"/api/orders/{placed.Order.Id}/cancel", placed.Customer);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("The order is Shipped.", (await ProblemAsync(cancel)).GetProperty("detail").GetString());
        Assert.Equal("Captured", Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id)).Status);
    }

    private static Task<HttpResponseMessage> RefundAsync(HttpClient client, string token, Guid paymentId, decimal? amount, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/{paymentId}/refunds") { Content = JsonContent.Create(new { amount }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
