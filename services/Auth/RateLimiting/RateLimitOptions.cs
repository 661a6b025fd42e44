using System.ComponentModel.DataAnnotations;

namespace Vargo.Auth.RateLimiting;

/// <summary>
/// Settings under <c>Auth:RateLimits</c>: requests per minute on the credential endpoints, per client IP
/// (behind the gateway, the address it forwards) and per account (the email or refresh-token session).
/// The IP limits are generous because a whole office can share one address; the per-account limits and the
/// lockout are what stop password guessing.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "Auth:RateLimits";

    [Required]
    public EndpointLimits PerIp { get; set; } = new() { Register = 60, Login = 60, Refresh = 120 };

    [Required]
    public EndpointLimits PerAccount { get; set; } = new() { Register = 5, Login = 10, Refresh = 20 };

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Data annotations do not look into nested objects: the two limit sets are checked here.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, limits) in new[] { (nameof(PerIp), PerIp), (nameof(PerAccount), PerAccount) })
        {
            var results = new List<ValidationResult>();
            if (limits is not null && !Validator.TryValidateObject(limits, new ValidationContext(limits), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => $"{name}:{m}"));
                }
            }
        }
    }
}

/// <summary>Requests per window on each credential endpoint; a limiter needs at least one permit.</summary>
public sealed class EndpointLimits
{
    [Range(1, int.MaxValue)]
    public int Register { get; set; }

    [Range(1, int.MaxValue)]
    public int Login { get; set; }

    [Range(1, int.MaxValue)]
    public int Refresh { get; set; }
}
