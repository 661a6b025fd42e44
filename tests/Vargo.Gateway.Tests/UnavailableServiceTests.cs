using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Vargo.Testing;
using Vargo.Testing.Hosting;

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
        using var closed = new ClosedPort();
        await using var gateway = new GatewayFactory($"http://127.0.0.1:{closed.Port}");
        using var client = gateway.CreateClient();
        client.Timeout = NoHang;

        using var response = await client.GetAsync("/api/auth/info", TestContext.Current.CancellationToken);

        await AssertUnavailableAsync(response);
    }

    [Fact]
    public async Task A_request_waiting_on_a_service_that_accepts_connections_but_never_answers_ends_with_503()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(backlog: 100); // connections complete in the backlog and are never read: the service is hung
        await using var gateway = new GatewayFactory($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        using var client = gateway.CreateClient();
        client.Timeout = NoHang;

        // Sent at once, so it normally waits on the silent service before the probe has a verdict (what a killed
        // service behind Aspire's local proxy looks like). It must end when the probe takes the service out, not at
        // YARP's 100 s activity timeout; if the probe was quicker, it is refused at once. Either way: 503, no hang.
        using var first = await client.GetAsync("/api/auth/info", TestContext.Current.CancellationToken);
        await AssertUnavailableAsync(first);

        using var next = await client.GetAsync("/api/auth/info", TestContext.Current.CancellationToken);
        await AssertUnavailableAsync(next);
    }

    [Fact]
    public async Task A_slow_answer_from_a_service_that_still_passes_its_probes_is_delivered()
    {
        // A live service (its /alive answers) whose API answer takes several probe rounds: being slow is not being down.
        var requestWaiting = 0;
        var probesWhileWaiting = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowBuilder = WebApplication.CreateSlimBuilder();
        slowBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var slow = slowBuilder.Build();
        slow.MapGet("/alive", () =>
        {
            // Answers only after three probes have passed while the request waited (more than the two failures that
            // would take a destination out).
            if (Volatile.Read(ref requestWaiting) == 1 && Interlocked.Increment(ref probesWhileWaiting) >= 3)
            {
                release.TrySetResult();
            }
            return "alive";
        });
        slow.MapGet("/api/auth/info", async (CancellationToken aborted) =>
        {
            Volatile.Write(ref requestWaiting, 1);
            await release.Task.WaitAsync(aborted);
            return "slow but here";
        });
        await slow.StartAsync(TestContext.Current.CancellationToken);
        await using var gateway = new GatewayFactory(slow.Urls.Single());
        using var client = gateway.CreateClient();
        client.Timeout = NoHang;

        using var response = await client.GetAsync("/api/auth/info", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("slow but here", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
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

    private sealed class GatewayFactory(string authAddress) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ReverseProxy:Clusters:auth:Destinations:auth:Address", authAddress);
        }
    }
}
