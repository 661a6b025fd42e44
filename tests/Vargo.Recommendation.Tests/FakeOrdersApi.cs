using System.Net;
using System.Net.Http.Json;

namespace Vargo.Recommendation.Tests;

/// <summary>A stand-in for the Orders API inside tests only: records each request and answers with canned orders.</summary>
public sealed class FakeOrdersApi : HttpMessageHandler
{
    public List<(HttpMethod Method, string Path, string? Authorization, string? Body)> Requests { get; } = [];

    public object[] Orders { get; set; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString(), body));
        }
        return request.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(Orders) }
            : new HttpResponseMessage(HttpStatusCode.Created);
    }
}
