using Microsoft.Extensions.Hosting;

namespace Vargo.Testing.Hosting;

/// <summary>
/// The in-process tests' <see cref="IFaultInjector"/>: throws <see cref="SimulatedCrashException"/> (a process killed
/// there: nothing after the point runs) whenever the service passes <see cref="CrashAt"/>. Swap it in through
/// <see cref="ServiceHost{TProgram}.WithFaults"/>; set and clear <see cref="CrashAt"/> while the service runs.
/// </summary>
public sealed class CrashingFaultInjector : IFaultInjector
{
    private volatile string? _crashAt;

    /// <summary>The point to crash at (a name the service documents), or null for none.</summary>
    public string? CrashAt
    {
        get => _crashAt;
        set => _crashAt = value;
    }

    public ValueTask AtAsync(string point, CancellationToken cancellationToken = default) =>
        string.Equals(_crashAt, point, StringComparison.Ordinal)
            ? throw new SimulatedCrashException(point)
            : ValueTask.CompletedTask;
}
