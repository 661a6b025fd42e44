using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Vargo.Testing;

/// <summary>
/// Makes sure a test run leaves no process behind. Every resource a test app starts is marked with an environment
/// variable naming the run; child processes inherit it (a service under <c>dotnet run</c>, RabbitMQ's Erlang VM).
/// After the app is stopped and disposed, whatever still carries the mark, or names the run's data folder on its
/// command line (PostgreSQL under <c>runuser</c>), is killed. A clean stop leaves nothing to kill; a stop cut short
/// on a loaded machine, or a start that timed out, no longer leaves servers running after <c>dotnet test</c> exits.
/// </summary>
public static class TestRunProcesses
{
    /// <summary>The environment variable that marks a test run's processes; its value is the run's id.</summary>
    public const string Marker = "VARGO_TEST_RUN";

    /// <summary>Marks every resource declared so far with <paramref name="runId"/>; call after all resources are added.</summary>
    public static void Mark(IDistributedApplicationBuilder builder, string runId)
    {
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>())
        {
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[Marker] = runId));
        }
    }

    /// <summary>Kills every process of the run that is still alive; returns their descriptions (empty after a clean stop).</summary>
    public static IReadOnlyList<string> KillLeftovers(string runId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }
        var mark = $"{Marker}={runId}\0";
        var killed = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            var commandLine = Read(Path.Combine(directory, "cmdline"));
            // Erlang's port mapper is the machine's, shared by every Erlang node (eng/setup.sh starts it before any test).
            if (commandLine.Contains("/epmd\0", StringComparison.Ordinal))
            {
                continue;
            }
            if (!Read(Path.Combine(directory, "environ")).Contains(mark, StringComparison.Ordinal)
                && !commandLine.Contains(runId + "/", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                killed.Add($"{pid} {commandLine.Replace('\0', ' ').Trim()}");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to kill.
            }
        }
        if (killed.Count > 0)
        {
            Console.Error.WriteLine($"Killed {killed.Count} process(es) left running by test run {runId}:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", killed)}");
        }
        return killed;
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
