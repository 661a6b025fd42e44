using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Vargo.Auth.Tokens;

namespace Vargo.Auth.Signing;

/// <summary>
/// Auth validates its own tokens (for <c>/api/auth/me</c>) from the key ring directly, instead of fetching
/// its own discovery document over HTTP: same issuer and keys other services see, no self-call.
/// </summary>
public sealed class SigningKeyConfigurationManager(SigningKeyRing keyRing, IOptions<AuthTokenOptions> tokenOptions)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var keys = await keyRing.GetCurrentAsync(cancel);
        var configuration = new OpenIdConnectConfiguration { Issuer = tokenOptions.Value.Issuer };
        foreach (var key in keys.PublishedKeys)
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }

    public void RequestRefresh() => keyRing.RequestRefresh();
}
