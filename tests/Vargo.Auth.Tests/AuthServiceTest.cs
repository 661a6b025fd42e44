using Vargo.Testing;

namespace Vargo.Auth.Tests;

/// <summary>Base of the service tests: a fresh database and a fresh Auth instance per test.</summary>
[Collection(AuthServersCollection.Name)]
public abstract class AuthServiceTest(PostgresAndRabbitMQFixture servers) : IAsyncLifetime
{
    private AuthServiceFactory? _factory;

    protected AuthServiceFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Extra configuration for this test class's Auth instance.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        var database = await servers.Servers.CreateDatabaseAsync("auth", TestContext.Current.CancellationToken);
        var messaging = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string?>(Settings) { ["ConnectionStrings:messaging"] = messaging };
        _factory = new AuthServiceFactory(database, settings);
        Client = _factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
