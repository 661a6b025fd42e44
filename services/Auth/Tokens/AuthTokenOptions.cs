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

    public string Audience { get; set; } = "vargo";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
}
