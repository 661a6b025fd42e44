using System.Net;
using System.Text;
using System.Text.Json;
using Vargo.Web.Components.Pages;

namespace Vargo.Web.Tests;

public sealed class OrderRefundTests : WebComponentTest
{
    private static readonly Guid OrderId = Guid.NewGuid();

    private static HttpResponseMessage OrderJson(object? refunded) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(new
        {
            id = OrderId, status = "Refunded", total = 40.00m, currency = "USD", items = Array.Empty<object>(),
            shippingAddress = new { name = "Ada", line1 = "1 Way", line2 = (string?)null, city = "London", postalCode = "N1", country = "GB" },
            cardBrand = "visa", cardLast4 = "4242", failureCode = (string?)null, failureReason = (string?)null,
            createdAt = DateTimeOffset.UnixEpoch, updatedAt = DateTimeOffset.UnixEpoch, shippedAt = (DateTimeOffset?)null, refunded,
        }), Encoding.UTF8, "application/json")
    };

    [Fact]
    public void The_order_page_shows_the_refunded_amount_with_its_currency()
    {
        Gateway.Respond = request => request.RequestUri!.AbsolutePath == $"/api/orders/{OrderId}"
            ? OrderJson(new { amount = 40.00m, currency = "USD" })
            : new HttpResponseMessage(HttpStatusCode.NotFound);

        var cut = Render<OrderDetail>(p => p.Add(c => c.Id, OrderId));

        cut.WaitForAssertion(() => Assert.Equal("Refunded 40.00 USD", cut.Find("[data-testid=order-refunded]").TextContent), Wait);
    }

    [Fact]
    public void An_order_without_a_refund_shows_no_refund_line()
    {
        Gateway.Respond = request => request.RequestUri!.AbsolutePath == $"/api/orders/{OrderId}"
            ? OrderJson(null)
            : new HttpResponseMessage(HttpStatusCode.NotFound);

        var cut = Render<OrderDetail>(p => p.Add(c => c.Id, OrderId));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=order-total]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=order-refunded]"));
    }
}
