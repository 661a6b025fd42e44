using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vargo.AppHost;

/// <summary>
/// Tells the truth about the start on the AppHost's console (run mode only). "Vargo is ready" (storefront, API and
/// dashboard addresses) is written once every resource reports Healthy, not when the gateway alone answers. When a
/// resource exits, its name, exit code and the last error lines of its log are written; if that happens before the app
/// was ready, the AppHost stops and <see cref="ExitCode"/> is 1, so <c>dotnet run</c> ends non-zero instead of running
/// half an app. An exit after ready (a crash, or a stop from the dashboard) is reported but the app keeps running.
/// </summary>
public sealed class StartupReport(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext execution,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    StartupReport.Addresses addresses,
    ILogger<StartupReport> logger) : BackgroundService
{
    /// <summary>How many of a failed resource's last log lines the console shows (stack frames left out).</summary>
    public const int LogLinesShown = 12;

    private static readonly string[] ExitStates =
        [KnownResourceStates.Exited, KnownResourceStates.FailedToStart, KnownResourceStates.Finished, KnownResourceStates.RuntimeUnhealthy];

    private readonly TaskCompletionSource<bool> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The gateway whose address the ready line names.</summary>
    public sealed record Addresses(IResourceWithEndpoints Gateway);

    /// <summary>Completes with true once every resource is healthy, false once one exited before that.</summary>
    public Task<bool> Outcome => _outcome.Task;

    /// <summary>What went wrong before ready (resource, exit code, last log lines); null while nothing did.</summary>
    public string? Failure { get; private set; }

    /// <summary>The process exit code <c>dotnet run</c> should end with: 1 when the start failed, else 0.</summary>
    public int ExitCode => Failure is null ? 0 : 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (execution.IsPublishMode)
        {
            return;
        }
        var allHealthy = AllHealthyAsync(stoppingToken);
        var watch = WatchExitsAsync(stoppingToken);
        try
        {
            await allHealthy;
            if (_outcome.TrySetResult(true))
            {
                var gateway = new EndpointReference(addresses.Gateway, "http").Url;
                var dashboard = configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                logger.LogInformation(
                    "Vargo is ready: the storefront is at {StorefrontUrl}/, the API at {GatewayUrl}/api (try {GatewayUrl}/api/catalog/info), the dashboard at {DashboardUrl}",
                    gateway, gateway, gateway, dashboard ?? "(no dashboard in this run)");
            }
            await watch;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AllHealthyAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Watched().Select(r => notifications.WaitForResourceHealthyAsync(r.Name, cancellationToken)));
    }

    // Parameters have no process; the project rebuilders (and the dashboard) are hidden helpers that run only when asked to.
    private IEnumerable<IResource> Watched() =>
        model.Resources.Where(r => r is not ParameterResource
            && !r.GetType().Name.EndsWith("RebuilderResource", StringComparison.Ordinal)
            && r.Name != "aspire-dashboard"
            && !(notifications.TryGetCurrentState(r.Name, out var state) && state.Snapshot.IsHidden));

    private async Task WatchExitsAsync(CancellationToken cancellationToken)
    {
        var watched = Watched().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var update in notifications.WatchAsync(cancellationToken))
        {
            var name = update.Resource.Name;
            var state = update.Snapshot.State?.Text;
            if (!watched.Contains(name) || update.Snapshot.IsHidden)
            {
                continue;
            }
            if (state is null || !ExitStates.Contains(state))
            {
                reported.Remove(name); // running again (restarted from the dashboard): a later exit is news
                continue;
            }
            if (lifetime.ApplicationStopping.IsCancellationRequested || !reported.Add(name))
            {
                continue;
            }

            var exitCode = update.Snapshot.ExitCode is { } code ? $" with code {code}" : "";
            var lines = await LastErrorLinesAsync(name, cancellationToken);
            var tail = lines.Count == 0 ? " (its log is empty)" : $"; the last lines of its log:{Environment.NewLine}    {string.Join($"{Environment.NewLine}    ", lines)}";
            if (_outcome.Task.IsCompleted)
            {
                logger.LogWarning("{Resource} {State}{ExitCode}{Tail}", name, state.ToLowerInvariant(), exitCode, tail);
                continue;
            }

            Failure = $"{name} {state.ToLowerInvariant()}{exitCode}{tail}";
            _outcome.TrySetResult(false);
            logger.LogError("Vargo could not start: {Failure}{NewLine}Stopping the AppHost (exit code 1): fix the cause above and run it again.",
                Failure, Environment.NewLine);
            lifetime.StopApplication();
            return;
        }
    }

    /// <summary>The resource's last log lines without stack frames, so the exception's message is what shows.</summary>
    private async Task<IReadOnlyList<string>> LastErrorLinesAsync(string resource, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Bounded: the log of a process that just died is read from DCP's files; never hold the report on it.
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var batch in resourceLogs.GetAllAsync(resource).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch.Select(l => l.Content.TrimEnd())
                    .Where(l => l.Length > 0 && !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)
                        && !l.TrimStart().StartsWith("--- End of", StringComparison.Ordinal)));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return lines.TakeLast(LogLinesShown).ToList();
    }
}

public static class StartupReportExtensions
{
    /// <summary>Reports the start truthfully (see <see cref="StartupReport"/>), naming <paramref name="gateway"/>'s address when ready.</summary>
    public static IDistributedApplicationBuilder AddStartupReport(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway)
    {
        builder.Services.AddSingleton(new StartupReport.Addresses(gateway.Resource));
        builder.Services.AddSingleton<StartupReport>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StartupReport>());
        return builder;
    }

    /// <summary>The exit code for <c>dotnet run</c>: non-zero when a resource could not start.</summary>
    public static int StartupExitCode(this DistributedApplication app) => app.Services.GetRequiredService<StartupReport>().ExitCode;
}
