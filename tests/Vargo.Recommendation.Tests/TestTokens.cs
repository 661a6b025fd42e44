using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vargo.Recommendation.Tests;

/// <summary>Signs RS256 tokens the service under test accepts, in place of Auth's keys (JwtBearer validates them as usual).</summary>
public sealed class TestTokens
{
    private const string Issuer = "https://auth.test";
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test" };

    public void Trust(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Authority = null;
            options.Configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration { Issuer = Issuer };
            options.TokenValidationParameters.ValidIssuer = Issuer;
            options.TokenValidationParameters.IssuerSigningKey = _key;
        });

    public string For(Guid userId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "vargo",
        Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("name", "Test Shopper")]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        TokenType = "at+jwt",
    });
}
