using System.Net.Http.Headers;
using System.Text.Json;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>The storefront follows an order's status through the gateway: polling and Server-Sent Events.</summary>
[Collection(VargoAppCollection.Name)]
public sealed class OrderStatusFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    [Fact]
    public async Task The_owner_streams_placed_then_cancelled_and_others_get_not_found()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 15.00m);
        var stranger = await RegisterAndLoginAsync(client);
        var events = $"/api/orders/{placed.Order.Id}/events";

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, events, stranger)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/api/orders/{placed.Order.Id}/status", stranger)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/api/orders/{placed.Order.Id}/status", placed.Customer)).StatusCode);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, events);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", placed.Customer);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        Assert.Equal("Placed", (await NextStatusAsync(stream, timeout.Token))?.Status);

        // Cancelled in another request: the open stream tells, then ends (nothing can change any more).
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, $"/api/orders/{placed.Order.Id}/cancel", placed.Customer)).StatusCode);
        var cancelled = await NextStatusAsync(stream, timeout.Token);
        Assert.Equal(("Cancelled", "cancelled_by_customer"), (cancelled?.Status, cancelled?.FailureCode));
        Assert.Null(await NextStatusAsync(stream, timeout.Token));
    }

    /// <summary>The next <c>status</c> event of the stream, or null when the server ended it.</summary>
    private static async Task<StatusEvent?> NextStatusAsync(StreamReader stream, CancellationToken cancellationToken)
    {
        string? type = null, data = null;
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type == "status" && data is not null)
                {
                    return JsonSerializer.Deserialize<StatusEvent>(data, JsonSerializerOptions.Web);
                }
                (type, data) = (null, null);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line["data:".Length..].Trim();
            }
        }
        return null;
    }

    private sealed record StatusEvent(Guid Id, string Status, string? FailureCode);
}
