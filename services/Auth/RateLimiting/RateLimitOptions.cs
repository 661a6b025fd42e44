using System.ComponentModel.DataAnnotations;

namespace Vargo.Auth.RateLimiting;

/// <summary>
/// Settings under <c>Auth:RateLimits</c>: requests per minute on the credential endpoints, per client IP
/// (behind the gateway, the address it forwards) and per account (the email or refresh-token session).
/// The IP limits are generous because a whole office can share one address; the per-account limits and the
/// lockout are what stop password guessing.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Auth:RateLimits";

    [Required]
    public EndpointLimits PerIp { get; set; } = new() { Register = 60, Login = 60, Refresh = 120 };

    [Required]
    public EndpointLimits PerAccount { get; set; } = new() { Register = 5, Login = 10, Refresh = 20 };

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class EndpointLimits
{
    public int Register { get; set; }
    public int Login { get; set; }
    public int Refresh { get; set; }
}
