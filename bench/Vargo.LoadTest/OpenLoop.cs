using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Vargo.LoadTest;

/// <summary>
/// An open-loop load: actions are scheduled at a fixed arrival rate (evenly spaced) and started on time whatever the
/// server does, so a slow server cannot slow the load down (unlike a closed loop, whose callers wait for each answer).
/// Each action's latency is measured from its <em>scheduled</em> start, not from when it actually started: time spent
/// queued behind a stalled server or a late scheduler counts, which is what corrects the percentiles for coordinated
/// omission. The service time (from the actual start) is recorded too, to show the difference. Latencies go into
/// HdrHistogram histograms in microseconds (3 significant digits, up to 10 minutes).
/// </summary>
internal static class OpenLoop
{
    private const long HighestMicroseconds = 600_000_000;

    public static async Task<LevelResult> RunAsync(double rate, TimeSpan warmUp, TimeSpan duration, TimeSpan drainLimit,
        Func<Operation, Random, CancellationToken, Task<bool>> run, Func<Random, Operation> pick, CancellationToken cancellationToken)
    {
        var responseTimes = new LongConcurrentHistogram(1, HighestMicroseconds, 3);
        var serviceTimes = new LongConcurrentHistogram(1, HighestMicroseconds, 3);
        var byOperation = new ConcurrentDictionary<string, (LongConcurrentHistogram Histogram, OperationCount Count)>();
        var failures = 0L;
        var successes = 0L;
        var inFlight = 0L;
        var recordedInFlight = 0L;
        var maxLateMicroseconds = 0L;
        var failedWith = new ConcurrentDictionary<string, int>();

        var interval = Stopwatch.Frequency / rate;
        var warmUpCount = (long)(rate * warmUp.TotalSeconds);
        var total = warmUpCount + (long)(rate * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var scheduler = new Random(42);
        for (var i = 0L; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait - TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(50);
            }
            var late = Micros(Stopwatch.GetTimestamp() - due);
            var recorded = i >= warmUpCount;
            if (recorded && late > Interlocked.Read(ref maxLateMicroseconds))
            {
                Interlocked.Exchange(ref maxLateMicroseconds, late);
            }

            var operation = pick(scheduler);
            var seed = scheduler.Next();
            Interlocked.Increment(ref inFlight);
            if (recorded)
            {
                Interlocked.Increment(ref recordedInFlight);
            }
            _ = Task.Run(async () =>
            {
                var actualStart = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await run(operation, new Random(seed), cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    ok = false; // refused connection, time-out: a failed action
                    failedWith.AddOrUpdate($"{operation.Name}: {ex.GetType().Name}", 1, (_, n) => n + 1);
                }
                var end = Stopwatch.GetTimestamp();
                if (recorded)
                {
                    var response = Math.Clamp(Micros(end - due), 1, HighestMicroseconds);
                    responseTimes.RecordValue(response);
                    serviceTimes.RecordValue(Math.Clamp(Micros(end - actualStart), 1, HighestMicroseconds));
                    var (histogram, count) = byOperation.GetOrAdd(operation.Name, _ => (new LongConcurrentHistogram(1, HighestMicroseconds, 3), new OperationCount()));
                    histogram.RecordValue(response);
                    Interlocked.Increment(ref ok ? ref count.Successes : ref count.Failures);
                    Interlocked.Increment(ref ok ? ref successes : ref failures);
                    Interlocked.Decrement(ref recordedInFlight);
                }
                Interlocked.Decrement(ref inFlight);
            }, CancellationToken.None);
        }
        var scheduled = Stopwatch.GetElapsedTime(start);
        // Actions still waiting on the server are part of this level: wait for them (their time-outs bound it).
        var draining = Stopwatch.StartNew();
        while (Interlocked.Read(ref inFlight) > 0 && draining.Elapsed < drainLimit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
        var measured = scheduled - warmUp;

        return new LevelResult(
            rate,
            successes / measured.TotalSeconds,
            successes,
            failures,
            Interlocked.Read(ref recordedInFlight),
            Percentiles.Of(responseTimes),
            Percentiles.Of(serviceTimes),
            byOperation.ToDictionary(o => o.Key, o => new OperationResult(Percentiles.Of(o.Value.Histogram), o.Value.Count.Successes, o.Value.Count.Failures)),
            maxLateMicroseconds / 1000.0,
            failedWith);
    }

    private static long Micros(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;

    private sealed class OperationCount
    {
        public long Successes;
        public long Failures;
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P90, double P99, double P999, double Max)
{
    public static Percentiles Of(HistogramBase histogram) => histogram.TotalCount == 0
        ? new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
        : new(Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(90)), Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)), Ms(histogram.GetMaxValue()));

    private static double Ms(long micros) => micros / 1000.0;
}

internal sealed record OperationResult(Percentiles Latency, long Successes, long Failures);

/// <summary>
/// One arrival rate's outcome: <see cref="Throughput"/> = successful actions per second over the measured window;
/// <see cref="Unfinished"/> = actions still waiting when the drain limit ran out (counted as neither).
/// </summary>
internal sealed record LevelResult(
    double OfferedRate,
    double Throughput,
    long Successes,
    long Failures,
    long Unfinished,
    Percentiles ResponseTime,
    Percentiles ServiceTime,
    IReadOnlyDictionary<string, OperationResult> ByOperation,
    double SchedulerMaxLateMs,
    IDictionary<string, int> FailedRequests)
{
    public double ErrorRate => Successes + Failures + Unfinished == 0 ? 0 : (double)(Failures + Unfinished) / (Successes + Failures + Unfinished);
}
