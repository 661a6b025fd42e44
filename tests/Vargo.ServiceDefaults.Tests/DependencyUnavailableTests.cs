using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>
/// A backing server that does not answer is a 503 with Retry-After, not a 500; a bug stays a 500. The PostgreSQL case is
/// real: Npgsql against a port nothing listens on. (The fault suite's PostgreSQL restart is ridden out by EF Core's
/// retries before this handler is reached; a longer outage reaches it.)
/// </summary>
public sealed class DependencyUnavailableTests
{
    [Fact]
    public async Task A_database_that_refuses_connections_is_503_with_Retry_After()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/database", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(DependencyUnavailableHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("urn:vargo:problems:unavailable", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_bug_is_still_a_500()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/bug", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public void Outages_are_recognised_inside_wrappers_and_nothing_else_is()
    {
        Assert.True(DependencyUnavailableHandler.IsOutage(new InvalidOperationException("wrapped", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DependencyUnavailableHandler.IsOutage(new AggregateException(new SocketException((int)SocketError.TimedOut))));
        Assert.True(DependencyUnavailableHandler.IsOutage(new RedisConnectionException()));
        Assert.False(DependencyUnavailableHandler.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(DependencyUnavailableHandler.IsOutage(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddVargoProblemDetails();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/database", async (CancellationToken cancellationToken) =>
        {
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=5");
            await connection.OpenAsync(cancellationToken);
            return Results.Ok();
        });
        app.MapGet("/bug", IResult () => throw new InvalidOperationException("a bug"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>Stands for StackExchange.Redis' exception of that name (matched by name: ServiceDefaults has no Redis client).</summary>
    private sealed class RedisConnectionException() : Exception("No connection is available.");
}
