using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Vargo.Web.Auth;

/// <summary>Claim types under which the cookie session keeps the API tokens (the cookie is encrypted by Data Protection).</summary>
public static class TokenClaims
{
    public const string AccessToken = "vargo:access_token";
    public const string RefreshToken = "vargo:refresh_token";
    /// <summary>When the access token expires, as Unix seconds.</summary>
    public const string ExpiresAt = "vargo:expires_at";
}

/// <summary>
/// The signed-in shopper's access token, read from the cookie principal: from the request in static rendering and
/// minimal-API actions, from the circuit's authentication state in interactive components (no HttpContext there).
/// </summary>
public sealed class SessionTokens(IHttpContextAccessor accessor, IServiceProvider services)
{
    public async ValueTask<string?> AccessTokenAsync()
    {
        var user = accessor.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true && services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                user = (await provider.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // Outside Blazor (a minimal-API action) the provider has no state: anonymous.
            }
        }
        return user?.FindFirstValue(TokenClaims.AccessToken);
    }
}
