using System.Diagnostics;

namespace Vargo.Bench.Catalog;

/// <summary>
/// A closed-loop load: <c>workers</c> concurrent requesters, each sending its next request when the last one answered,
/// for a fixed time after a warm-up. Every request must succeed (a failure aborts the run rather than skew it).
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient client, IReadOnlyList<string> paths, int workers, TimeSpan warmUp, TimeSpan duration)
    {
        await DriveAsync(client, paths, workers, warmUp, record: null);
        var latencies = new List<double>[workers];
        for (var i = 0; i < workers; i++)
        {
            latencies[i] = new List<double>(capacity: 50_000);
        }
        var clock = Stopwatch.StartNew();
        await DriveAsync(client, paths, workers, duration, latencies);
        var elapsed = clock.Elapsed;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>An unrecorded warm-up.</summary>
    public static Task WarmAsync(HttpClient client, IReadOnlyList<string> paths, int workers, TimeSpan warmUp) =>
        DriveAsync(client, paths, workers, warmUp, record: null);

    /// <summary>One measured slice: adds every latency (ms) to <paramref name="into"/> and returns the slice's length.</summary>
    public static async Task<TimeSpan> MeasureAsync(HttpClient client, IReadOnlyList<string> paths, int workers, TimeSpan duration, List<double> into)
    {
        var latencies = new List<double>[workers];
        for (var i = 0; i < workers; i++)
        {
            latencies[i] = new List<double>(capacity: 20_000);
        }
        var clock = Stopwatch.StartNew();
        await DriveAsync(client, paths, workers, duration, latencies);
        var elapsed = clock.Elapsed;
        into.AddRange(latencies.SelectMany(l => l));
        return elapsed;
    }

    public static LoadResult Summarize(List<double> latencies, TimeSpan elapsed)
    {
        var all = latencies.Order().ToArray();
        return new LoadResult(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task DriveAsync(HttpClient client, IReadOnlyList<string> paths, int workers, TimeSpan duration, List<double>[]? record)
    {
        using var stop = new CancellationTokenSource(duration);
        var tasks = Enumerable.Range(0, workers).Select(async worker =>
        {
            var n = worker;
            while (!stop.IsCancellationRequested)
            {
                var path = paths[n++ % paths.Count];
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
                }
                record?[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        await Task.WhenAll(tasks);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record LoadResult(int Requests, double RequestsPerSecond, double P50Ms, double P99Ms);
