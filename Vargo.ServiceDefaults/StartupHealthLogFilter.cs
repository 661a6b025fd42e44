using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps a starting service's failing health checks out of its error log. Until <c>/health</c> has once answered
/// Healthy, a failing check (the broker still booting, the event consumer not yet bound, the search index loading) is the
/// expected state of a service on its way up: the dashboard shows it as the resource's health, with each check's reason,
/// and the health checks' own lines are kept at Warning and below. From the first healthy answer on, every failing check
/// is logged at Error as usual. Without it a healthy start left a dozen red errors per service in the dashboard.
/// </summary>
public sealed class StartupHealthLogFilter
{
    /// <summary>The category of the lines "Health check {name} with status Unhealthy completed…".</summary>
    public const string Category = "Microsoft.Extensions.Diagnostics.HealthChecks";

    private volatile bool _healthyOnce;

    /// <summary>Whether <c>/health</c> has answered Healthy since the process started.</summary>
    public bool HealthyOnce => _healthyOnce;

    /// <summary>Records an answer of <c>/health</c>.</summary>
    public void Observe(HealthStatus status)
    {
        if (status == HealthStatus.Healthy)
        {
            _healthyOnce = true;
        }
    }

    /// <summary>
    /// Whether a health-check line at <paramref name="level"/> is written: Warning and above (the checks' Debug lines
    /// on every probe are noise), Error only once the service has been healthy.
    /// </summary>
    public bool Writes(LogLevel level) => level >= LogLevel.Warning && (level < LogLevel.Error || _healthyOnce);
}
