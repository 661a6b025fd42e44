using System.Net.Http.Headers;
using Vargo.Testing;
using Vargo.Testing.Hosting;

namespace Vargo.Catalog.Tests.Api;

/// <summary>
/// The catalog service in process (its real Program on <see cref="ServiceHost{TProgram}"/>, TestServer) on the project's
/// real PostgreSQL, Redis and RabbitMQ, seeded with the demo catalog. Tokens come from <see cref="TestTokens"/>, which the
/// service trusts in place of Auth's JWKS. One per test class, with a database, a Redis database and an exchange of its own.
/// </summary>
public sealed class CatalogApiFixture(AllServersFixture servers) : IAsyncLifetime
{
    private readonly TestTokens _tokens = new();
    private ServiceHost<Program>? _factory;

    public ServiceHost<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public string MessagingConnectionString { get; private set; } = "";

    /// <summary>The topic exchange this instance publishes to (its own, so instances alive at once never hear each other).</summary>
    public string Exchange { get; } = $"vargo-test-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        MessagingConnectionString = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, cancellationToken);
        _factory = new ServiceHost<Program>()
            .WithSetting("ConnectionStrings:catalogdb", await servers.Servers.CreateDatabaseAsync("catalog_api", cancellationToken))
            .WithSetting("ConnectionStrings:redis", await servers.Servers.GetRedisDatabaseConnectionStringAsync(cancellationToken))
            .WithSetting("ConnectionStrings:messaging", MessagingConnectionString)
            .WithSetting("Messaging:Exchange", Exchange)
            .TrustingTokens(_tokens);
        // The first client starts the host: migrations and the demo catalog seed run before it answers.
        _factory.CreateClient().Dispose();
    }

    /// <summary>A client, with a token carrying <paramref name="role"/> when one is given.</summary>
    public HttpClient CreateClient(string? role = null)
    {
        var client = Factory.CreateClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For(Guid.NewGuid(), $"test {role}", role));
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        _tokens.Dispose();
    }
}
