using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Vargo.Web.Api;

namespace Vargo.Web.Auth;

/// <summary>
/// Auth's token endpoints through the gateway, for the cookie session: sign in (login + profile → cookie principal
/// holding the tokens), refresh shortly before the access token expires, and sign out (revokes the refresh token).
/// Calls carry no bearer token of the session: they are the session's own bookkeeping.
/// </summary>
public sealed class AccountClient(HttpClient http, TimeProvider time, ILogger<AccountClient> logger)
{
    /// <summary>Refresh when less than this is left, so a page never calls the API with a token about to expire.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(2);

    /// <summary>Logs in; on success the returned principal is what the cookie keeps. Otherwise the status and problem.</summary>
    public async Task<(ClaimsPrincipal? Principal, int Status, Problem? Problem)> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, (int)response.StatusCode, await ReadProblemAsync(response, cancellationToken));
            }
            var tokens = (await response.Content.ReadFromJsonAsync<TokenPair>(cancellationToken))!;
            var principal = await PrincipalAsync(tokens, cancellationToken);
            return principal is null ? (null, 503, Problem.Unavailable) : (principal, 200, null);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Login failed: the gateway did not answer");
            return (null, 503, Problem.Unavailable);
        }
    }

    public async Task<(int Status, Problem? Problem)> RegisterAsync(string email, string password, string displayName, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password, displayName }, cancellationToken);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : await ReadProblemAsync(response, cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Register failed: the gateway did not answer");
            return (503, Problem.Unavailable);
        }
    }

    /// <summary>Cookie validation: refreshes the tokens when the access token is about to expire; rejects a dead session.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(TokenClaims.ExpiresAt) is not { } expiresAt || principal.FindFirstValue(TokenClaims.RefreshToken) is not { } refreshToken)
        {
            return;
        }
        if (DateTimeOffset.FromUnixTimeSeconds(long.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture)) - time.GetUtcNow() > RefreshMargin)
        {
            return;
        }
        try
        {
            using var response = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, context.HttpContext.RequestAborted);
            if (response.IsSuccessStatusCode)
            {
                var tokens = (await response.Content.ReadFromJsonAsync<TokenPair>(context.HttpContext.RequestAborted))!;
                context.ReplacePrincipal(WithTokens(principal, tokens));
                context.ShouldRenew = true;
                return;
            }
            if ((int)response.StatusCode is >= 400 and < 500)
            {
                // The refresh token is dead (revoked, expired, password changed): the session ends.
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        }
        catch (HttpRequestException ex)
        {
            // Auth unreachable: keep the session; the API answers 401 with the old token and the page says so.
            logger.LogWarning(ex, "Token refresh failed: the gateway did not answer");
        }
    }

    public async Task LogoutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(TokenClaims.RefreshToken) is not { } refreshToken)
        {
            return;
        }
        try
        {
            using var response = await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken }, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Logout could not revoke the refresh token: the gateway did not answer");
        }
    }

    private async Task<ClaimsPrincipal?> PrincipalAsync(TokenPair tokens, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var profile = (await response.Content.ReadFromJsonAsync<Profile>(cancellationToken))!;
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, profile.Id.ToString()),
            new(ClaimTypes.Name, profile.DisplayName),
            new(ClaimTypes.Email, profile.Email),
            .. profile.Roles.Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        return WithTokens(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)), tokens);
    }

    private ClaimsPrincipal WithTokens(ClaimsPrincipal principal, TokenPair tokens)
    {
        var identity = new ClaimsIdentity(
            principal.Claims.Where(c => c.Type is not (TokenClaims.AccessToken or TokenClaims.RefreshToken or TokenClaims.ExpiresAt)),
            CookieAuthenticationDefaults.AuthenticationScheme);
        identity.AddClaim(new Claim(TokenClaims.AccessToken, tokens.AccessToken));
        identity.AddClaim(new Claim(TokenClaims.RefreshToken, tokens.RefreshToken));
        identity.AddClaim(new Claim(TokenClaims.ExpiresAt,
            time.GetUtcNow().AddSeconds(tokens.ExpiresIn).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(identity);
    }

    private static async Task<Problem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? await response.Content.ReadFromJsonAsync<Problem>(cancellationToken)
            : new Problem(response.ReasonPhrase, null, (int)response.StatusCode, null);
}
