using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vargo.Testing.Hosting;

/// <summary>
/// Signs RS256 access tokens (audience <c>vargo</c>, as Auth issues them) that a service under test accepts in place of
/// Auth's: <see cref="Trust"/> points its JwtBearer validation at this key, which then validates them as usual.
/// </summary>
public sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://auth.vargo.test";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    public TestTokens() => _key = new RsaSecurityKey(_rsa) { KeyId = "test" };

    public void Trust(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Authority = null;
            options.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            options.TokenValidationParameters.ValidIssuer = Issuer;
            options.TokenValidationParameters.IssuerSigningKey = _key;
        });

    /// <summary>A token for <paramref name="userId"/> with the <c>roles</c> claims given (e.g. <c>admin</c>), valid ten minutes.</summary>
    public string For(Guid userId, string name = "Test User", params string[] roles) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "vargo",
        Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("name", name), .. roles.Select(r => new Claim("roles", r))]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        TokenType = "at+jwt",
    });

    public void Dispose() => _rsa.Dispose();
}
