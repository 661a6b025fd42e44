using Microsoft.Extensions.Logging;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

/// <summary>
/// The whole Vargo app, started once per test run in local mode (real PostgreSQL, Redis, RabbitMQ as
/// processes) with a throw-away data folder. Starting it is the slow part, so every whole-system test
/// shares it; tests never share data: each creates its own users, products and stock.
/// </summary>
public sealed class VargoAppFixture : IAsyncLifetime
{
    // A bound, not an expectation: the first start reads the whole demo catalog (its vectors ship with the demo data)
    // before Recommendation reports Healthy, which can take minutes on a loaded 2-core machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The first admin's email, set through configuration as a deployment would (Parameters:admin-email).</summary>
    public const string AdminEmail = "ops@example.test";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("vargo-apphost-test-").FullName;
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
            [
                // Local by default (CI, no Docker); VARGO_TEST_INFRASTRUCTURE=auto (or containers) runs the same suite
                // in containers mode where a container runtime answers (docs/deployment.md).
                "--Infrastructure", Environment.GetEnvironmentVariable("VARGO_TEST_INFRASTRUCTURE") is { Length: > 0 } mode ? mode : "local",
                "--DataDirectory", _dataDirectory,
                // 0: let Aspire pick, so a test run never collides with a developer's AppHost on 8080.
                "--Gateway:Port", "0",
                "--Parameters:admin-email", AdminEmail
            ],
            timeout.Token);

        // Kill-and-recover tests crash Orders at a fault point they name in a header (HeaderFaultInjector). The services
        // run as processes of their own here, so the fixture cannot swap an IFaultInjector into their DI as the in-process
        // hosts do: this variable (honoured only in Development, which the services run in here) turns the header on.
        // The first checkout of a run meets cold services (JIT, HTTP/2 connections, EF models) on a 2-core CI machine;
        // a longer step deadline keeps that from turning into "inventory_unavailable". No test here is about deadlines.
        builder.CreateResourceBuilder<ProjectResource>("orders")
            .WithEnvironment("FaultInjection__FromHeader", "true")
            .WithEnvironment("Orders__Checkout__StepDeadline", "00:00:20");

        // Every simulated customer comes from 127.0.0.1 (the 50-customer race alone registers and logs in 50);
        // the per-IP limits are raised for that, the per-account limits stay as configured.
        builder.CreateResourceBuilder<ProjectResource>("auth")
            .WithEnvironment("Auth__RateLimits__PerIp__Register", "1000")
            .WithEnvironment("Auth__RateLimits__PerIp__Login", "1000");

        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));

        TestRunProcesses.Mark(builder, _dataDirectory);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);

        // The AppHost's own start-up report waits for every resource to be healthy; when one exits before that, it says
        // which and the last lines of its log. The test output is all a CI run leaves, so a start that runs out of time
        // names what was still not healthy, with its own log, too.
        var report = _app.Services.GetRequiredService<StartupReport>();
        bool started;
        try
        {
            started = await report.Outcome.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            var waiting = ResourceNames().Where(r => !IsHealthy(r)).ToList();
            var logs = new List<string>();
            foreach (var resource in waiting)
            {
                logs.Add($"{resource}, its last log lines:\n{await LastLogLinesAsync(resource)}");
            }
            throw new InvalidOperationException(
                $"Not healthy after {StartTimeout}: {string.Join(", ", waiting)}.\n{string.Join('\n', logs)}", ex);
        }
        if (!started)
        {
            throw new InvalidOperationException($"The app did not start: {report.Failure}");
        }
    }

    private bool IsHealthy(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    /// <summary>The last 60 lines <paramref name="resource"/> wrote, for a failure message.</summary>
    public async Task<string> LastLogLinesAsync(string resource)
    {
        var lines = new List<string>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(enough.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException)
        {
            // The backlog has been read; the watch itself never ends.
        }
        return string.Join('\n', lines.TakeLast(60));
    }

    /// <summary>Every resource the dashboard shows as running or connectable (parameters and hidden helpers excluded).</summary>
    public IReadOnlyList<string> ResourceNames() =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource && !IsHidden(r))
            .Select(r => r.Name)
            .ToList();

    // Aspire adds hidden helpers (a ProjectRebuilderResource per project) that run only when asked to.
    private bool IsHidden(IResource resource) =>
        resource.GetType().Name.EndsWith("RebuilderResource", StringComparison.Ordinal)
        || (App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state) && state.Snapshot.IsHidden);

    /// <summary>A client for the public API, through the gateway.</summary>
    public HttpClient CreateGatewayClient() => App.CreateHttpClient("gateway", "http");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_app is not null)
            {
                // Bounded: a stop that hangs on a loaded machine must not hold the run; what it leaves is killed below.
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await _app.StopAsync(timeout.Token);
                await _app.DisposeAsync();
            }
        }
        finally
        {
            TestRunProcesses.KillLeftovers(_dataDirectory);
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VargoAppCollection : ICollectionFixture<VargoAppFixture>
{
    public const string Name = "Vargo app";
}
