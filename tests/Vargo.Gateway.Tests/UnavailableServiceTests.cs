using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Vargo.Testing;

namespace Vargo.Gateway.Tests;

/// <summary>
/// The gateway in process (its real Program.cs) with the auth cluster pointed at a destination that is down: a port
/// nobody listens on, or a server that accepts connections and never answers. Either way the client gets 503 problem
/// details with Retry-After, not YARP's empty 502 and not a request that hangs.
/// </summary>
public sealed class UnavailableServiceTests
{
    // A bound, never an expectation: no request of these tests may wait longer than this for its answer.
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_service_nobody_listens_for_answers_503_unavailable_with_Retry_After()
    {
        await using var gateway = new GatewayFactory($"http://127.0.0.1:{ClosedPort()}");
        using var client = gateway.CreateClient();
        client.Timeout = NoHang;

        using var response = await client.GetAsync("/api/auth/info", TestContext.Current.CancellationToken);

        await AssertUnavailableAsync(response);
    }

    [Fact]
    public async Task A_service_that_accepts_connections_but_never_answers_is_taken_out_and_answers_503()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(backlog: 100); // connections complete in the backlog and are never read: the service is hung
        await using var gateway = new GatewayFactory($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        using var client = gateway.CreateClient();
        client.Timeout = NoHang;

        // The gateway's probe (/alive) finds the destination silent and takes it out of rotation; from then on a request
        // is refused at once. Attempts cut short by the client's own bound before that are simply retried.
        HttpResponseMessage? answer = null;
        await Eventually.TrueAsync(async () =>
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                answer = await client.GetAsync("/api/auth/info", attempt.Token);
                return true;
            }
            catch (OperationCanceledException) when (attempt.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, "the gateway answers for the silent service", TimeSpan.FromMinutes(2));

        using (answer)
        {
            await AssertUnavailableAsync(answer!);
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to retry");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Equal("urn:vargo:problems:unavailable", problem!.Type);
        Assert.Equal(503, problem.Status);
        Assert.Contains("auth", problem.Detail);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // released when disposed: connecting is refused
    }

    private sealed class GatewayFactory(string authAddress) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ReverseProxy:Clusters:auth:Destinations:auth:Address", authAddress);
        }
    }
}
