using System.Diagnostics;

namespace Vargo.AppHost.Infrastructure;

public sealed record ContainerRuntimeStatus(string Runtime, bool Answered, string Detail);

/// <summary>Asks a container runtime whether its engine is up (<c>docker info</c>), giving up after a timeout.</summary>
public static class ContainerRuntimeProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Probes the runtime Aspire would use: <c>ASPIRE_CONTAINER_RUNTIME</c> when set, else docker, then podman.
    /// </summary>
    public static ContainerRuntimeStatus Probe(string? configuredRuntime, TimeSpan timeout)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : [configuredRuntime];

        var details = new List<string>();
        foreach (var runtime in candidates)
        {
            var status = ProbeOne(runtime, timeout);
            if (status.Answered)
            {
                return status;
            }
            details.Add($"{runtime}: {status.Detail}");
        }

        return new(string.Join("/", candidates), false, string.Join("; ", details));
    }

    private static ContainerRuntimeStatus ProbeOne(string runtime, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(runtime, "info")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new(runtime, false, "not installed");
        }

        using (process)
        {
            // Drain output so a chatty `info` cannot block on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();

            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                return new(runtime, false, $"no answer within {timeout.TotalSeconds:0} s");
            }

            return process.ExitCode == 0
                ? new(runtime, true, "engine running")
                : new(runtime, false, $"engine not running (exit code {process.ExitCode})");
        }
    }
}
