using System.IO.Pipelines;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vargo.Web.Api;
using Vargo.Web.Auth;

namespace Vargo.Web.Tests;

/// <summary>A request the component's <see cref="VargoApi"/> sent to the (fake) gateway.</summary>
public sealed record RecordedRequest(HttpMethod Method, string Path, string? Authorization, string? Body);

/// <summary>
/// Stands in for the gateway behind the real <see cref="VargoApi"/> in these component unit tests only: it records
/// each request and answers with what the test sets, so the component's own logic (and VargoApi's SSE parsing)
/// runs unchanged. The whole-system browser tests use the real gateway.
/// </summary>
public sealed class FakeGateway : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NotFound);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), body));
        }
        return Respond(request);
    }

    public static HttpResponseMessage Problem(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/problem+json") };
}

/// <summary>A Server-Sent Events response body the test writes event by event, so it decides when each piece "arrives".</summary>
public sealed class SseStream
{
    private readonly Pipe _pipe = new();

    public HttpResponseMessage Response() => new(HttpStatusCode.OK)
    {
        Content = new StreamContent(_pipe.Reader.AsStream()) { Headers = { ContentType = new("text/event-stream") } },
    };

    public async Task SendAsync(string data, string? eventType = null)
    {
        var frame = new StringBuilder();
        if (eventType is not null)
        {
            frame.Append("event: ").Append(eventType).Append('\n');
        }
        foreach (var line in data.Split('\n'))
        {
            frame.Append("data: ").Append(line).Append('\n');
        }
        frame.Append('\n');
        await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(frame.ToString()));
    }

    public async Task EndAsync() => await _pipe.Writer.CompleteAsync();
}

/// <summary>
/// A bUnit context as an interactive server circuit sees it: a signed-in shopper whose session holds an access
/// token, and the real <see cref="VargoApi"/> pointed at a <see cref="FakeGateway"/>.
/// </summary>
public abstract class WebComponentTest : BunitContext
{
    public const string SessionToken = "session-access-token";

    /// <summary>An upper bound for a wait on the renderer, generous for a loaded 2-core machine; passing tests never wait it out.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected FakeGateway Gateway { get; } = new();

    protected WebComponentTest()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("shopper@example.com");
        auth.SetClaims(new Claim(TokenClaims.AccessToken, SessionToken));
        Services.AddSingleton(sp => new VargoApi(
            new HttpClient(Gateway) { BaseAddress = new Uri("http://gateway") },
            new SessionTokens(new HttpContextAccessor(), sp),
            NullLogger<VargoApi>.Instance));
        Services.AddSingleton(new AccountClient(
            new HttpClient(Gateway) { BaseAddress = new Uri("http://gateway") }, TimeProvider.System, NullLogger<AccountClient>.Instance));
        // Last: setting the renderer info builds the service provider, after which nothing can be registered.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }
}
