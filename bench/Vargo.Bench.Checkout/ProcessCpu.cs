using System.Text.RegularExpressions;

namespace Vargo.Bench.Checkout;

/// <summary>
/// CPU seconds used so far by this run's processes, by group, from /proc (Linux): each service (its command line runs
/// a build under <c>services/NAME/bin</c> of this repository), PostgreSQL, Redis and RabbitMQ (their command line names
/// this run's data folder; their children, e.g. PostgreSQL backends, count with them), Aspire's orchestrator (DCP,
/// which runs the processes and captures their console output) and this process (the load and the AppHost). Plus the whole machine's busy CPU seconds, to see what the other tenants of the cores took.
/// </summary>
internal static partial class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSample Sample(string repositoryRoot, string dataDirectory)
    {
        var processes = new Dictionary<int, (int Parent, string Command, double Seconds)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                processes[pid] = (int.Parse(fields[1]), command, (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while we read it.
            }
        }

        string? GroupOf(int pid)
        {
            for (var depth = 0; depth < 16 && processes.TryGetValue(pid, out var process); depth++, pid = process.Parent)
            {
                if (pid == Environment.ProcessId)
                {
                    return depth == 0 ? "bench process (load + AppHost)" : null;
                }
                // Aspire's orchestrator (DCP) detaches from this process and names it to watch it.
                if (process.Command.Contains("/dcp ", StringComparison.Ordinal)
                    && process.Command.Contains($"--monitor {Environment.ProcessId} ", StringComparison.Ordinal))
                {
                    return "Aspire DCP (orchestrator, log capture)";
                }
                if (ServicePath().Match(process.Command) is { Success: true } service && process.Command.Contains(repositoryRoot, StringComparison.Ordinal))
                {
                    return service.Groups[1].Value;
                }
                if (process.Command.Contains(dataDirectory, StringComparison.Ordinal))
                {
                    return process.Command.Contains("postgres", StringComparison.Ordinal) ? "PostgreSQL"
                        : process.Command.Contains("redis", StringComparison.Ordinal) ? "Redis"
                        : "RabbitMQ";
                }
            }
            return null;
        }

        var groups = new Dictionary<string, double>();
        foreach (var (pid, process) in processes)
        {
            if (GroupOf(pid) is { } group)
            {
                groups[group] = groups.GetValueOrDefault(group) + process.Seconds;
            }
        }

        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = (cpu.Sum() - cpu[3] - cpu[4]) / TicksPerSecond; // all but idle and iowait
        return new CpuSample(groups, busy);
    }

    /// <summary>The process id of one of this repository's services (e.g. "Orders"), for a profiler to attach to.</summary>
    public static int? ServiceProcessId(string repositoryRoot, string service)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (command.Contains(repositoryRoot, StringComparison.Ordinal)
                    && ServicePath().Match(command) is { Success: true } match && match.Groups[1].Value == service)
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
        }
        return null;
    }

    [GeneratedRegex(@"services/([A-Za-z]+)/bin/")]
    private static partial Regex ServicePath();
}

internal sealed record CpuSample(Dictionary<string, double> Groups, double MachineBusySeconds)
{
    public CpuSample Minus(CpuSample earlier) => new(
        Groups.ToDictionary(g => g.Key, g => g.Value - earlier.Groups.GetValueOrDefault(g.Key)),
        MachineBusySeconds - earlier.MachineBusySeconds);
}
