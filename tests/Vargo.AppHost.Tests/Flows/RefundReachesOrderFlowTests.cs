using System.Net.Http.Json;
using System.Text.Json;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// A refund made through Payment reaches Orders and the customer (PaymentRefunded through the outbox and the inboxes);
/// a refund in another currency than the payment's is refused.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class RefundReachesOrderFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    [Fact]
    public async Task An_order_refunded_in_two_parts_shows_Refunded_to_its_customer_and_can_no_longer_ship()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 40.00m);
        var admin = await AdminAsync(client);
        var payment = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Order.Id));

        var eur = await RefundAsync(client, admin, payment.Id, new { amount = 1.00m, currency = "EUR" });
        Assert.Equal(HttpStatusCode.BadRequest, eur.StatusCode);
        Assert.True((await eur.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("currency", out _));

        Assert.Equal(HttpStatusCode.OK, (await RefundAsync(client, admin, payment.Id, new { amount = 15.00m, currency = "USD" })).StatusCode);
        await Eventually.TrueAsync(async () => await RefundedOfAsync(client, placed) is ("Placed", 15.00m, "USD"),
            "the partial refund shows on the placed order");
        Assert.Equal(HttpStatusCode.OK, (await RefundAsync(client, admin, payment.Id, new { amount = 25.00m })).StatusCode);
        await Eventually.TrueAsync(async () => await RefundedOfAsync(client, placed) is ("Refunded", 40.00m, "USD"),
            "the customer's order shows it refunded in full");

        var ship = await SendAsync(client, HttpMethod.Post, $"/api/orders/admin/{placed.Order.Id}/ship", admin);
        Assert.Equal(HttpStatusCode.Conflict, ship.StatusCode);
        Assert.Equal("application/problem+json", ship.Content.Headers.ContentType?.MediaType);
        await Eventually.TrueAsync(() => MailTo(placed.Email).Count(text => text.Contains("We refunded", StringComparison.Ordinal)) == 2,
            "Notification sent a notice for each refund");
    }

    private async Task<(string Status, decimal? Amount, string? Currency)> RefundedOfAsync(HttpClient client, PlacedOrder placed)
    {
        var response = await SendAsync(client, HttpMethod.Get, $"/api/orders/{placed.Order.Id}", placed.Customer);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var status = order.GetProperty("status").GetString()!;
        return order.TryGetProperty("refunded", out var refunded) && refunded.ValueKind == JsonValueKind.Object
            ? (status, refunded.GetProperty("amount").GetDecimal(), refunded.GetProperty("currency").GetString())
            : (status, null, null);
    }

    private static Task<HttpResponseMessage> RefundAsync(HttpClient client, string token, Guid paymentId, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/{paymentId}/refunds") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
