using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vargo.Orders.Apis;

namespace Vargo.Orders.Tests;

/// <summary>A peer that does not answer before anything was taken is a 503 the storefront can retry, never a 500.</summary>
public sealed class PeerUnavailableHandlerTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.Internal, false)]
    public async Task A_peer_that_does_not_answer_is_a_503_with_Retry_After(StatusCode code, bool handled)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new PeerUnavailableHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<PeerUnavailableHandler>.Instance);

        var result = await handler.TryHandleAsync(http, new RpcException(new Status(code, "peer")), CancellationToken.None);

        Assert.Equal(handled, result);
        if (handled)
        {
            AssertRetryLater(http);
        }
    }

    public static TheoryData<Exception> RefusalsOfTheResilienceHandler =>
    [
        new Polly.CircuitBreaker.BrokenCircuitException("The circuit is now open"),
        new Polly.Timeout.TimeoutRejectedException("The operation didn't complete within the allowed timeout"),
    ];

    [Theory]
    [MemberData(nameof(RefusalsOfTheResilienceHandler))]
    public async Task A_call_the_resilience_handler_refused_is_a_503_not_a_500(Exception refusal)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new PeerUnavailableHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<PeerUnavailableHandler>.Instance);

        // What Grpc.Net.Client throws when the HTTP handler under it throws something other than HttpRequestException.
        var rpc = new RpcException(new Status(StatusCode.Internal, $"Error starting gRPC call. {refusal.GetType().Name}: {refusal.Message}", refusal));

        Assert.True(await handler.TryHandleAsync(http, rpc, CancellationToken.None));
        AssertRetryLater(http);
    }

    private static void AssertRetryLater(HttpContext http)
    {
        Assert.Equal((503, "2"), (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString()));
        Assert.StartsWith("application/problem+json", http.Response.ContentType);
    }
}
