using System.Net;
using System.Text.Json;
using Vargo.Web.Components.Shared;

namespace Vargo.Web.Tests;

public sealed class OrderStatusLiveTests : WebComponentTest
{
    private static readonly Guid OrderId = Guid.NewGuid();

    private static string StatusEvent(string status, string? reason = null) => JsonSerializer.Serialize(new
    {
        id = OrderId, status, failureCode = reason is null ? null : "card_declined", failureReason = reason, updatedAt = DateTimeOffset.UnixEpoch,
    });

    private IRenderedComponent<OrderStatusLive> RenderStatus(string status = "Pending") =>
        Render<OrderStatusLive>(p => p.Add(c => c.OrderId, OrderId).Add(c => c.Status, status));

    [Fact]
    public async Task Shows_each_status_the_orders_stream_relays_as_it_arrives()
    {
        var stream = new SseStream();
        Gateway.Respond = _ => stream.Response();

        var cut = RenderStatus();
        Assert.Equal("Pending", cut.Find("[data-testid=order-status]").TextContent);

        await stream.SendAsync(StatusEvent("Paid"));
        cut.WaitForAssertion(() => Assert.Equal("Paid", cut.Find("[data-testid=order-status]").TextContent), Wait);

        await stream.SendAsync(StatusEvent("Cancelled", "The card was declined."));
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Cancelled", cut.Find("[data-testid=order-status]").TextContent);
            Assert.Contains("The card was declined.", cut.Markup);
        }, Wait);
        await stream.EndAsync();
    }

    [Fact]
    public async Task Subscribes_to_the_orders_events_with_the_sessions_token()
    {
        var stream = new SseStream();
        Gateway.Respond = _ => stream.Response();

        var cut = RenderStatus();

        cut.WaitForAssertion(() => Assert.Single(Gateway.Requests), Wait);
        var request = Gateway.Requests[0];
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"/api/orders/{OrderId}/events", request.Path);
        Assert.Equal($"Bearer {SessionToken}", request.Authorization);
        await stream.EndAsync();
    }

    [Fact]
    public void Keeps_the_rendered_status_when_the_stream_is_refused()
    {
        Gateway.Respond = _ => new HttpResponseMessage(HttpStatusCode.NotFound);

        var cut = RenderStatus("Placed");

        cut.WaitForAssertion(() => Assert.Single(Gateway.Requests), Wait);
        Assert.Equal("Placed", cut.Find("[data-testid=order-status]").TextContent);
    }

    [Fact]
    public void Keeps_the_rendered_status_when_the_gateway_cannot_be_reached()
    {
        Gateway.Respond = _ => throw new HttpRequestException("connection refused");

        var cut = RenderStatus("Placed");

        cut.WaitForAssertion(() => Assert.Single(Gateway.Requests), Wait);
        Assert.Equal("Placed", cut.Find("[data-testid=order-status]").TextContent);
    }

    [Fact]
    public void Opens_no_stream_while_prerendering()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var cut = RenderStatus("Placed");

        Assert.Equal("Placed", cut.Find("[data-testid=order-status]").TextContent);
        Assert.Empty(Gateway.Requests);
    }
}
