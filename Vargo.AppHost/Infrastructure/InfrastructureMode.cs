namespace Vargo.AppHost.Infrastructure;

/// <summary>How the backing servers run: as containers, or as local processes from the OS packages.</summary>
public enum InfrastructureMode
{
    Auto,
    Local,
    Containers
}

public sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason);

/// <summary>
/// Reads the <c>Infrastructure</c> setting (auto | local | containers). <c>auto</c> means containers when
/// publishing (azd cannot deploy executables) or when a container runtime answers, else local processes.
/// </summary>
public static class InfrastructureModeSelector
{
    public const string SettingName = "Infrastructure";

    public static InfrastructureChoice Choose(string? setting, bool isPublishMode, Func<ContainerRuntimeStatus> probeRuntime)
    {
        if (isPublishMode)
        {
            return new(InfrastructureMode.Containers, "publishing: deployment targets run containers");
        }

        var requested = string.IsNullOrWhiteSpace(setting)
            ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(setting, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new DistributedApplicationException(
                    $"Setting '{SettingName}' is '{setting}'; expected auto, local or containers.");

        if (requested != InfrastructureMode.Auto)
        {
            return new(requested, $"the '{SettingName}' setting says {requested.ToString().ToLowerInvariant()}");
        }

        var runtime = probeRuntime();
        return runtime.Answered
            ? new(InfrastructureMode.Containers, $"auto: container runtime '{runtime.Runtime}' answered")
            : new(InfrastructureMode.Local, $"auto: no container runtime answered ({runtime.Detail})");
    }
}
