using System.Diagnostics;

namespace Vargo.Bench;

/// <summary>
/// A closed-loop load: <c>workers</c> concurrent callers, each starting its next call when the last one returned,
/// for a fixed time after an unrecorded warm-up. A call that throws aborts the run rather than skew it.
/// </summary>
internal static class ClosedLoop
{
    public static Task<LoadResult> RunAsync(int workers, TimeSpan warmUp, TimeSpan duration, Func<int, Task> call) =>
        RunAsync(workers, warmUp, duration, async worker =>
        {
            var started = Stopwatch.GetTimestamp();
            await call(worker);
            return Stopwatch.GetElapsedTime(started);
        });

    /// <summary>As above, but each call reports the latency to record (e.g. one request of several it makes).</summary>
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan warmUp, TimeSpan duration, Func<int, Task<TimeSpan>> call)
    {
        await DriveAsync(workers, warmUp, call, record: null);
        var latencies = new List<double>[workers];
        for (var i = 0; i < workers; i++)
        {
            latencies[i] = new List<double>(capacity: 100_000);
        }
        var clock = Stopwatch.StartNew();
        await DriveAsync(workers, duration, call, latencies);
        var elapsed = clock.Elapsed;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task DriveAsync(int workers, TimeSpan duration, Func<int, Task<TimeSpan>> call, List<double>[]? record)
    {
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var latency = await call(worker);
                record?[worker].Add(latency.TotalMilliseconds);
            }
        })));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record LoadResult(int Calls, double PerSecond, double P50Ms, double P99Ms);
