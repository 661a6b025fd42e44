using System.Collections.Concurrent;
using System.Text.RegularExpressions;
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
public sealed partial class StartupReport(
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

    // How long an exit report waits for the dead process's last log lines to arrive.
    private static readonly TimeSpan LogDrainBound = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Queue<string>> _tails = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _follows = new(StringComparer.Ordinal);
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
        var watch = WatchExitsAsync(stoppingToken);
        try
        {
            if (await AllHealthyAsync(stoppingToken))
            {
                Settle(ready: true, AnnounceReady);
            }
            await watch;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Decides the start's outcome once (ready or failed, whichever comes first) and completes <see cref="Outcome"/> only
    /// after <paramref name="announce"/> has run: whoever awaits the outcome then finds the console line written and, on a
    /// failure, the stop already requested. False when the outcome was already decided.
    /// </summary>
    private bool Settle(bool ready, Action announce)
    {
        lock (_outcome)
        {
            if (_outcome.Task.IsCompleted)
            {
                return false;
            }
            announce();
            _outcome.SetResult(ready);
            return true;
        }
    }

    private void AnnounceReady()
    {
        var gateway = new EndpointReference(addresses.Gateway, "http").Url;
        var dashboard = configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        logger.LogInformation(
            "Vargo is ready: the storefront is at {StorefrontUrl}/, the API at {GatewayUrl}/api (try {GatewayUrl}/api/catalog/info), the dashboard at {DashboardUrl} (sign in with the login link printed when the AppHost started)",
            gateway, gateway, gateway, dashboard ?? "(no dashboard in this run)");
    }

    /// <summary>True once every resource is healthy; false when one of them failed (the exit watch reports which).</summary>
    private async Task<bool> AllHealthyAsync(CancellationToken cancellationToken)
    {
        var waits = await Task.WhenAll(Watched().Select(async resource =>
        {
            try
            {
                await notifications.WaitForResourceHealthyAsync(resource.Name, cancellationToken);
                return true;
            }
            catch (DistributedApplicationException)
            {
                return false; // "stopped waiting because it failed to start"
            }
        }));
        return waits.All(healthy => healthy);
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
            logger.LogDebug("{Resource}: {State} {Health}", name, state, update.Snapshot.HealthStatus);
            if (!watched.Contains(name) || update.Snapshot.IsHidden)
            {
                continue;
            }
            // Logs are kept per process (the resource id, e.g. auth-k3xv9), not per model name; follow each from its start.
            _ = _follows.GetOrAdd(update.ResourceId, id => FollowLogAsync(id, cancellationToken));
            if (state is null || !ExitStates.Contains(state))
            {
                reported.Remove(name); // running again (restarted from the dashboard): a later exit is news
                continue;
            }
            if (lifetime.ApplicationStopping.IsCancellationRequested || !reported.Add(name))
            {
                continue;
            }

            var exitCode = update.Snapshot.ExitCode is { } code ? $" with code {code}{ExplainExitCode(code)}" : "";
            var lines = await LastLinesAsync(update.ResourceId, cancellationToken);
            var tail = lines.Count == 0 ? " (its log is empty)" : $"; the last lines of its log:{Environment.NewLine}    {string.Join($"{Environment.NewLine}    ", lines)}";
            var failure = $"{name} {state.ToLowerInvariant()}{exitCode}{tail}";
            if (Settle(ready: false, () =>
            {
                Failure = failure;
                logger.LogError("Vargo could not start: {Failure}{NewLine}Stopping the AppHost (exit code 1): fix the cause above and run it again.",
                    failure, Environment.NewLine);
                lifetime.StopApplication();
            }))
            {
                return;
            }
            // The app was ready before this exit: it keeps running without this resource.
            logger.LogWarning("{Resource} {State}{ExitCode}{Tail}{NewLine}Start it again from the dashboard (its row's ⋮ menu → Start) or stop the AppHost (Ctrl+C) and run it again; meanwhile the gateway answers its routes with 503.",
                name, state.ToLowerInvariant(), exitCode, tail, Environment.NewLine);
        }
    }

    /// <summary>
    /// Follows every resource's log from the start, keeping its last lines without stack frames (so an exception's message
    /// is what shows): once a process has exited, its log can no longer be asked for.
    /// </summary>
    private Task FollowLogAsync(string resourceId, CancellationToken cancellationToken)
    {
        var tail = _tails.GetOrAdd(resourceId, _ => new Queue<string>());
        var inSqlEcho = false;
        return Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(cancellationToken))
                {
                    lock (tail)
                    {
                        foreach (var line in batch.Select(l => Timestamp().Replace(l.Content, "").TrimEnd()).Where(IsWorthShowing))
                        {
                            // EF Core echoes every command it runs (its Database.Command category, one entry of many
                            // lines each): never why a process exited, and enough of them push the cause out of the tail.
                            if (LogEntryHeader().IsMatch(line))
                            {
                                inSqlEcho = line.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal);
                            }
                            if (inSqlEcho)
                            {
                                continue;
                            }
                            tail.Enqueue(line);
                            if (tail.Count > LogLinesShown)
                            {
                                tail.Dequeue();
                            }
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);
    }

    // DCP prefixes each captured line with its timestamp (the console's own lines carry theirs); colours are for terminals.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T[\d:.]+Z ?|\x1b\[[0-9;]*m")]
    private static partial Regex Timestamp();

    // The console logger's first line of an entry: "info: Category[EventId]" (later lines of the entry are indented).
    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex LogEntryHeader();

    /// <summary>What an exit code says to someone who did not send the signal: 128 + n is "killed by signal n" on Linux.</summary>
    public static string ExplainExitCode(int code) => code switch
    {
        137 => " (killed: SIGKILL, e.g. kill -9 or out of memory)",
        143 => " (stopped: SIGTERM)",
        134 => " (aborted: SIGABRT)",
        139 => " (crashed: SIGSEGV)",
        _ => "",
    };

    private static bool IsWorthShowing(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 0 && !trimmed.StartsWith("at ", StringComparison.Ordinal) && !trimmed.StartsWith("--- End of", StringComparison.Ordinal);
    }

    /// <summary>The last lines of an exited resource's log, once its log stream has ended (bounded: never holds the report).</summary>
    private async Task<IReadOnlyList<string>> LastLinesAsync(string resourceId, CancellationToken cancellationToken)
    {
        if (_follows.TryGetValue(resourceId, out var follow))
        {
            await Task.WhenAny(follow, Task.Delay(LogDrainBound, cancellationToken));
        }
        var tail = _tails.GetOrAdd(resourceId, _ => new Queue<string>());
        List<string> lines;
        lock (tail)
        {
            lines = tail.ToList();
        }
        // From the first error on, when the tail has one: what led to the exit, not the queries before it.
        var firstError = lines.FindIndex(l => l.TrimStart().StartsWith("fail:", StringComparison.Ordinal)
            || l.TrimStart().StartsWith("crit:", StringComparison.Ordinal) || l.StartsWith("Unhandled exception", StringComparison.Ordinal));
        return firstError > 0 ? lines[firstError..] : lines;
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
