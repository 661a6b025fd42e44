using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vargo.AppHost.Tests.Reliability;

/// <summary>
/// Every change of a resource's state or health that Aspire's notification service publishes from now on, with
/// the time since the journal started: when the app does not come back after a fault, this says which resource stopped
/// where (a failure message is all a CI run leaves).
/// </summary>
public sealed class ResourceJournal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly long _started = Stopwatch.GetTimestamp();

    public ResourceJournal(ResourceNotificationService notifications) =>
        _ = RecordAsync(notifications, _stop.Token);

    private async Task RecordAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, string>();
        try
        {
            await foreach (var e in notifications.WatchAsync(cancellationToken))
            {
                var s = e.Snapshot;
                var reports = string.Join(",", s.HealthReports.Select(r => $"{r.Name}={r.Status?.ToString() ?? "-"}"));
                var line = $"{s.State?.Text} health={s.HealthStatus?.ToString() ?? "-"} [{reports}]";
                if (!last.TryGetValue(e.ResourceId, out var previous) || previous != line)
                {
                    last[e.ResourceId] = line;
                    _lines.Enqueue($"  +{Stopwatch.GetElapsedTime(_started).TotalSeconds,6:0.0}s {e.Resource.Name} ({e.ResourceId}): {line}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override string ToString() => string.Join('\n', _lines);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
