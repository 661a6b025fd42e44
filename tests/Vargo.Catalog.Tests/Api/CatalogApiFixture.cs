using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Vargo.Testing;

namespace Vargo.Catalog.Tests.Api;

/// <summary>
/// The catalog service in process (TestServer) on the project's real PostgreSQL, Redis and RabbitMQ, seeded with the
/// demo catalog. Tokens are signed with a test RSA key the service is configured to trust, in place of Auth's JWKS.
/// One per test class, with a database, a Redis database and an exchange of its own.
/// </summary>
public sealed class CatalogApiFixture(AllServersFixture servers) : IAsyncLifetime
{
    private const string Issuer = "https://auth.vargo.test";
    private readonly RSA _signingKey = RSA.Create(2048);
    private WebApplicationFactory<Program>? _factory;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public string MessagingConnectionString { get; private set; } = "";

    /// <summary>The topic exchange this instance publishes to (its own, so instances alive at once never hear each other).</summary>
    public string Exchange { get; } = $"vargo-test-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = await servers.Servers.CreateDatabaseAsync("catalog_api", cancellationToken);
        var redis = await servers.Servers.GetRedisDatabaseConnectionStringAsync(cancellationToken);
        MessagingConnectionString = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, cancellationToken);
        var key = new RsaSecurityKey(_signingKey);

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:catalogdb", database);
            host.UseSetting("ConnectionStrings:redis", redis);
            host.UseSetting("ConnectionStrings:messaging", MessagingConnectionString);
            host.UseSetting("Messaging:Exchange", Exchange);
            host.ConfigureTestServices(services =>
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                {
                    options.Authority = null;
                    options.Configuration = new OpenIdConnectConfiguration();
                    options.TokenValidationParameters.ValidIssuer = Issuer;
                    options.TokenValidationParameters.IssuerSigningKey = key;
                }));
        });
        // The first client starts the host: migrations and the demo catalog seed run before it answers.
        _factory.CreateClient().Dispose();
    }

    public HttpClient CreateClient(string? role = null)
    {
        var client = Factory.CreateClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CreateToken(role));
        }
        return client;
    }

    public string CreateToken(string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "vargo",
        Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("name", $"test {role}"), new Claim("roles", role)]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signingKey), SecurityAlgorithms.RsaSha256),
        TokenType = "at+jwt",
    });

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        _signingKey.Dispose();
    }
}
