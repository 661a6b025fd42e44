using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>
/// The crash header is honoured only where fault injection is allowed (Development and the fixture's setting), and only
/// at the point it names; everywhere else the services get the no-op injector.
/// </summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData("Development", "true", typeof(HeaderFaultInjector))]
    [InlineData("Production", "true", typeof(NoFaultInjector))]
    [InlineData("Development", null, typeof(NoFaultInjector))]
    [InlineData("Development", "false", typeof(NoFaultInjector))]
    public async Task The_crash_header_counts_only_when_allowed(string environment, string? fromHeader, Type expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration[FaultInjectionExtensions.FromHeaderSetting] = fromHeader;
        builder.AddFaultInjection();
        await using var app = builder.Build();

        Assert.IsType(expected, app.Services.GetRequiredService<IFaultInjector>());
    }

    [Theory]
    [InlineData("PaymentAuthorized", "PaymentAuthorized", true)]
    [InlineData("authorizecall", "AuthorizeCall", true)]
    [InlineData("Placed", "AuthorizeCall", false)]
    [InlineData("", "AuthorizeCall", false)]
    public void The_header_names_one_point(string header, string point, bool crashes)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[HeaderFaultInjector.Header] = header;

        Assert.Equal(crashes, HeaderFaultInjector.Asks(http.Request, point));
    }

    [Fact]
    public async Task Without_the_header_nothing_crashes_even_when_allowed()
    {
        Assert.False(HeaderFaultInjector.Asks(new DefaultHttpContext().Request, "PaymentAuthorized"));
        // The injector itself returns at once: this test process is still alive after it.
        var injector = new HeaderFaultInjector(new HttpContextAccessor { HttpContext = new DefaultHttpContext() });
        await injector.AtAsync("PaymentAuthorized", TestContext.Current.CancellationToken);
    }
}

/// <summary>
/// The slow-call header: the point it names waits until its caller gives up (a gRPC deadline), after the peer answered;
/// other points, and requests without the header, pass at once.
/// </summary>
public sealed class SlowCallFaultTests
{
    [Fact]
    public async Task A_slow_point_answers_only_when_the_caller_gives_up_and_the_answer_is_dropped()
    {
        var injector = Injector(slow: "PaymentCall");
        var peer = new CountingPeer();
        using var client = new HttpClient(new FaultInjectingHandler(injector, "PaymentCall") { InnerHandler = peer });
        using var deadline = new CancellationTokenSource();

        var call = client.GetAsync("http://payment.test/authorize", deadline.Token);
        // The peer acted; its answer is held until the caller's deadline.
        await Vargo.Testing.Eventually.TrueAsync(() => peer.Calls == 1, "the peer got the call");
        Assert.False(call.IsCompleted);
        await deadline.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(peer.LastResponse!.Disposed);
    }

    [Theory]
    [InlineData("PaymentCall", "InventoryCall")]
    [InlineData("", "PaymentCall")]
    public async Task Other_points_and_requests_without_the_header_pass_at_once(string slow, string point)
    {
        var peer = new CountingPeer();
        using var client = new HttpClient(new FaultInjectingHandler(Injector(slow), point) { InnerHandler = peer });

        using var response = await client.GetAsync("http://payment.test/authorize", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HeaderFaultInjector Injector(string slow)
    {
        var http = new DefaultHttpContext();
        if (slow.Length > 0)
        {
            http.Request.Headers[HeaderFaultInjector.SlowHeader] = slow;
        }
        return new HeaderFaultInjector(new HttpContextAccessor { HttpContext = http });
    }

    private sealed class CountingPeer : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TrackedResponse? LastResponse { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            LastResponse = new TrackedResponse();
            return Task.FromResult<HttpResponseMessage>(LastResponse);
        }
    }

    private sealed class TrackedResponse() : HttpResponseMessage(HttpStatusCode.OK)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
