using System.Diagnostics;
using System.Globalization;

namespace Vargo.Bench.Checkout;

/// <summary>
/// Samples one service's managed stacks with <c>dotnet-trace</c> (the local tool in .config/dotnet-tools.json,
/// profile <c>dotnet-sampled-thread-time</c>, ~100 Hz) while a load runs, then asks <c>dotnet-trace report topN</c> for
/// the methods most often on top of a stack. Thread time, not CPU time: threads parked in a wait are sampled too, so
/// the wait frames are left out of what this returns.
/// </summary>
internal static class ThreadSampler
{
    private static readonly string[] WaitFrames =
    [
        "WaitHandle", "LowLevelLifoSemaphore", "LowLevelMonitor", "Monitor.Wait", "Thread.Sleep", "SpinWait",
        "epoll", "WaitForSignal", "WaitOne", "PortableThreadPool+GateThread", "SocketAsyncEngine.EventLoop",
        "Interop+Sys.WaitForSocketEvents", "UNMANAGED_CODE_TIME", "Thread.Join", "ManualResetEventSlim.Wait",
        "SemaphoreSlim.Wait", "Task.SpinThenBlockingWait", "Task.InternalWaitCore", "BlockingCollection",
        "Interop+Sys.Read(", "WorkerThreadStart", "PollGC", "inotify",
    ];

    /// <summary>Starts sampling <paramref name="processId"/> for <paramref name="duration"/>; the task ends with the report.</summary>
    public static async Task<IReadOnlyList<string>> SampleAsync(string repositoryRoot, int processId, TimeSpan duration, string outputFile, int top)
    {
        var span = TimeSpan.FromSeconds(Math.Ceiling(duration.TotalSeconds));
        var durationText = string.Create(CultureInfo.InvariantCulture, $"{span.Days:00}:{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
        await RunAsync(repositoryRoot, "dotnet-trace", "collect", "-p", processId.ToString(CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--duration", durationText, "-o", outputFile);
        var report = await RunAsync(repositoryRoot, "dotnet-trace", "report", outputFile, "topN", "-n", (top * 6).ToString(CultureInfo.InvariantCulture));
        return report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 0 && char.IsDigit(line[0]))
            .Where(line => !WaitFrames.Any(frame => line.Contains(frame, StringComparison.Ordinal)))
            .Take(top)
            .ToList();
    }

    /// <summary>
    /// The runtime's counters of <paramref name="processId"/> over <paramref name="duration"/> (<c>dotnet-counters</c>,
    /// meter System.Runtime, one sample a second): per counter, the sum of its per-second increments (rates such as
    /// allocated bytes, lock contentions, completed work items) and the mean of its readings (gauges such as the
    /// thread-pool queue length and thread count).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (double Sum, double Mean)>> CountAsync(string repositoryRoot, int processId, TimeSpan duration, string outputFile)
    {
        var span = TimeSpan.FromSeconds(Math.Ceiling(duration.TotalSeconds));
        var durationText = string.Create(CultureInfo.InvariantCulture, $"{span.Days:00}:{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
        await RunAsync(repositoryRoot, "dotnet-counters", "collect", "-p", processId.ToString(CultureInfo.InvariantCulture),
            "--counters", "System.Runtime", "--format", "csv", "-o", outputFile, "--duration", durationText);
        var values = new Dictionary<string, List<double>>();
        foreach (var line in File.ReadLines(outputFile).Skip(1))
        {
            // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment (the name may carry a unit in brackets).
            var fields = line.Split(',');
            if (fields.Length < 5 || !double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }
            var name = string.Join(',', fields[2..^2]);
            (values.TryGetValue(name, out var list) ? list : values[name] = []).Add(value);
        }
        return values.ToDictionary(v => v.Key, v => (v.Value.Sum(), v.Value.Average()));
    }

    private static async Task<string> RunAsync(string workingDirectory, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-trace did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments[0]} failed ({process.ExitCode}): {await error} {await output}");
        }
        return await output;
    }
}
