using System.ComponentModel.DataAnnotations;

namespace Vargo.Auth.Tokens;

/// <summary>Settings under <c>Auth:Tokens</c>.</summary>
public sealed class AuthTokenOptions
{
    public const string Section = "Auth:Tokens";

    /// <summary>
    /// The <c>iss</c> of every token and the base of the discovery document. Defaults to <c>Identity:Url</c>,
    /// the address the AppHost gives every service for Auth, so the issuer is exactly the authority they validate against.
    /// </summary>
    public string? Issuer { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "vargo";

    /// <summary>Short by design: a stolen access token cannot be revoked, only outlived (1 second to 1 day).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>1 minute to 1 year.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
}
