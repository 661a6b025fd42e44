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
/// The catalog service in process (TestServer) on real PostgreSQL, Redis and RabbitMQ, seeded with the demo
/// catalog. Tokens are signed with a test RSA key the service is configured to trust, in place of Auth's JWKS.
/// </summary>
public sealed class CatalogApiFixture : IAsyncLifetime
{
    private const string Issuer = "https://auth.vargo.test";
    private readonly RSA _signingKey = RSA.Create(2048);
    private LocalServers? _servers;
    private WebApplicationFactory<Program>? _factory;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public string MessagingConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _servers = await LocalServers.StartAsync(LocalServerKinds.All);
        var database = await _servers.CreateDatabaseAsync("catalog_api");
        var redis = await _servers.GetConnectionStringAsync(LocalServers.Redis);
        MessagingConnectionString = await _servers.GetConnectionStringAsync(LocalServers.RabbitMQ);
        var key = new RsaSecurityKey(_signingKey);

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:catalogdb", database);
            host.UseSetting("ConnectionStrings:redis", redis);
            host.UseSetting("ConnectionStrings:messaging", MessagingConnectionString);
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

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
        _signingKey.Dispose();
    }
}
