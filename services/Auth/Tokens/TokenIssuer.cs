using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vargo.Auth.Accounts;
using Vargo.Auth.Signing;

namespace Vargo.Auth.Tokens;

/// <summary>Issues the pair a login or refresh returns: a short RS256 access token and a long opaque refresh token.</summary>
public sealed class TokenIssuer(
    SigningKeyRing keyRing,
    RefreshTokenStore refreshTokens,
    UserManager<VargoUser> users,
    IOptions<AuthTokenOptions> options,
    TimeProvider timeProvider)
{
    // RFC 9068: the type marks it as an access token, so no other JWT signed by the same key can pass for one.
    public const string AccessTokenType = "at+jwt";

    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<TokenResponse> IssueAsync(VargoUser user, Guid? familyId, CancellationToken cancellationToken)
    {
        var accessToken = await CreateAccessTokenAsync(user, cancellationToken);
        var refreshToken = await refreshTokens.IssueAsync(user.Id, familyId ?? Guid.CreateVersion7(), cancellationToken);
        return new TokenResponse(accessToken, "Bearer", (int)options.Value.AccessTokenLifetime.TotalSeconds, refreshToken);
    }

    private async Task<string> CreateAccessTokenAsync(VargoUser user, CancellationToken cancellationToken)
    {
        var keys = await keyRing.GetCurrentAsync(cancellationToken);
        var roles = await users.GetRolesAsync(user);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var settings = options.Value;

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            TokenType = AccessTokenType,
            SigningCredentials = keys.Credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Email] = user.Email!,
                [JwtRegisteredClaimNames.Name] = user.DisplayName,
                ["roles"] = roles.ToArray(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
    }
}
