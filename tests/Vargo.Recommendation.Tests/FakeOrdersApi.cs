using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// A stand-in for the Orders API inside tests only: records each request and answers GET /api/orders with the orders
/// set for the bearer token the request carries (none for any other token), and a cart POST with 200.
/// </summary>
public sealed class FakeOrdersApi : HttpMessageHandler
{
    public List<(HttpMethod Method, string Path, string? Authorization, string? Body)> Requests { get; } = [];

    /// <summary>The orders answered per Authorization header value ("Bearer …").</summary>
    public ConcurrentDictionary<string, object[]> OrdersByAuthorization { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var authorization = request.Headers.Authorization?.ToString();
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath, authorization, body));
        }
        return request.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(authorization is not null && OrdersByAuthorization.TryGetValue(authorization, out var orders) ? orders : []),
            }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new { lines = Array.Empty<object>(), total = 0m }) };
    }

    public IReadOnlyList<(HttpMethod Method, string Path, string? Authorization, string? Body)> RequestsWith(string authorization)
    {
        lock (Requests)
        {
            return Requests.Where(r => r.Authorization == authorization).ToList();
        }
    }
}
