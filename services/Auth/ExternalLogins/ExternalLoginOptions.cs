namespace Vargo.Auth.ExternalLogins;

/// <summary>
/// An external sign-in provider's client, under <c>Authentication:Google</c> or <c>Authentication:Microsoft</c> (user
/// secrets or AppHost parameters, never the repo). The provider is on only when both its client id and secret are set.
/// </summary>
public sealed class ExternalLoginOptions
{
    public const string GoogleSection = "Authentication:Google";
    public const string MicrosoftSection = "Authentication:Microsoft";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Microsoft only: one tenant's accounts (its id or domain); unset, any work or personal account ("common").</summary>
    public string? TenantId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}
