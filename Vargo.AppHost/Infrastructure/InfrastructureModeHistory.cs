namespace Vargo.AppHost.Infrastructure;

/// <summary>
/// Remembers the mode of the last run in the data folder, so a switch (usually <c>auto</c> finding Docker started or
/// stopped) is announced loudly: the data of the other mode is not lost, it lives elsewhere, and an app that suddenly
/// shows an empty shop must not look like a data loss.
/// </summary>
public static class InfrastructureModeHistory
{
    public const string FileName = "infrastructure-mode";

    /// <summary>The mode of the last run in this data folder, or null (first run, or an unreadable marker).</summary>
    public static InfrastructureMode? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) && Enum.TryParse<InfrastructureMode>(File.ReadAllText(path).Trim(), ignoreCase: true, out var mode)
            ? mode
            : null;
    }

    public static void Record(string dataDirectory, InfrastructureMode mode) =>
        File.WriteAllText(Path.Combine(dataDirectory, FileName), mode.ToString().ToLowerInvariant());

    /// <summary>The warning for a run whose mode differs from the last one; null when nothing changed.</summary>
    public static string? SwitchNotice(InfrastructureMode? previous, InfrastructureChoice current, string dataDirectory)
    {
        if (previous is not { } before || before == current.Mode)
        {
            return null;
        }

        var from = before.ToString().ToLowerInvariant();
        var to = current.Mode.ToString().ToLowerInvariant();
        var where = before == InfrastructureMode.Local
            ? $"in {dataDirectory} (the local servers' folders)"
            : "in the container runtime's named volumes (docker volume ls)";
        return $"""
            ************************************************************************************************
            INFRASTRUCTURE MODE SWITCHED: {from} -> {to} ({current.Reason}).
            The data of the last run is not lost: it is {where}, and this run uses the {to} servers' data.
            To go back: set Infrastructure={from} (appsettings.json, --Infrastructure {from} or the environment).
            ************************************************************************************************
            """;
    }
}
