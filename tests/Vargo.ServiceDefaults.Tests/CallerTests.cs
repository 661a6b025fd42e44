using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vargo.ServiceDefaults.Tests;

/// <summary><c>user.GetUserId()</c> and the token check behind it: a token whose <c>sub</c> is not a user id never reaches a handler.</summary>
public sealed class CallerTests
{
    private const string Issuer = "https://auth.test";

    [Fact]
    public void GetUserId_reads_the_sub_claim()
    {
        var id = Guid.NewGuid();
        var user = Principal(new Claim("sub", id.ToString()), new Claim("email", "ada@vargo.test"));

        Assert.Equal(id, user.GetUserId());
        Assert.True(user.TryGetUserId(out var tried));
        Assert.Equal(id, tried);
        Assert.Equal("ada@vargo.test", user.GetEmail());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-guid")]
    public void A_principal_without_a_user_id_has_none(string? sub)
    {
        var user = sub is null ? Principal() : Principal(new Claim("sub", sub));

        Assert.False(user.TryGetUserId(out _));
        Assert.Throws<InvalidOperationException>(() => user.GetUserId());
        Assert.Null(user.GetEmail());
    }

    [Fact]
    public void The_anonymous_principal_has_no_user_id() =>
        Assert.False(new ClaimsPrincipal(new ClaimsIdentity()).TryGetUserId(out _));

    [Fact]
    public async Task A_valid_token_reaches_the_handler_with_its_user_id()
    {
        using var key = RSA.Create(2048);
        await using var app = await StartAppAsync(key);
        var id = Guid.NewGuid();

        using var response = await SendAsync(app, Token(key, new Claim("sub", id.ToString())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-guid")]
    public async Task A_signed_token_without_a_user_id_is_refused(string? sub)
    {
        using var key = RSA.Create(2048);
        await using var app = await StartAppAsync(key);
        Claim[] claims = sub is null ? [new Claim("name", "no subject")] : [new Claim("sub", sub)];

        using var response = await SendAsync(app, Token(key, claims));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));

    private static async Task<WebApplication> StartAppAsync(RSA key)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Identity:Url"] = Issuer;
        builder.AddDefaultAuthentication();
        var signingKey = new RsaSecurityKey(key);
        // No Auth service here: the token's key is handed to JwtBearer directly instead of fetched from discovery.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Authority = null;
            options.Configuration = new OpenIdConnectConfiguration();
            options.TokenValidationParameters.ValidIssuer = Issuer;
            options.TokenValidationParameters.IssuerSigningKey = signingKey;
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => user.GetUserId().ToString());
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> SendAsync(WebApplication app, string token)
    {
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static string Token(RSA key, params Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "vargo",
        Subject = new ClaimsIdentity(claims),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        TokenType = "at+jwt",
    });
}
