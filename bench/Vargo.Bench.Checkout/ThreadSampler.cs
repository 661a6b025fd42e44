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
        await RunAsync(repositoryRoot, "collect", "-p", processId.ToString(CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--duration", durationText, "-o", outputFile);
        var report = await RunAsync(repositoryRoot, "report", outputFile, "topN", "-n", (top * 6).ToString(CultureInfo.InvariantCulture));
        return report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 0 && char.IsDigit(line[0]))
            .Where(line => !WaitFrames.Any(frame => line.Contains(frame, StringComparison.Ordinal)))
            .Take(top)
            .ToList();
    }

    private static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("dotnet-trace");
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
            throw new InvalidOperationException($"dotnet-trace {arguments[0]} failed ({process.ExitCode}): {await error} {await output}");
        }
        return await output;
    }
}
