using Vargo.Testing;
using Vargo.Testing.Hosting;

namespace Vargo.Auth.Tests;

/// <summary>
/// Base of the service tests: a fresh database and a fresh Auth instance (its real Program, on the shared
/// <see cref="ServiceHost{TProgram}"/>) per test, with every log line and trace it produces captured so tests can
/// assert what never shows up in them.
/// </summary>
[Collection(AuthServersCollection.Name)]
public abstract class AuthServiceTest(PostgresAndRabbitMQFixture servers) : IAsyncLifetime
{
    public const string Issuer = "http://auth.vargo.test";

    private ServiceHost<Program>? _factory;

    protected ServiceHost<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>This instance's own database.</summary>
    protected string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration for this test class's Auth instance.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await servers.Servers.CreateDatabaseAsync("auth", TestContext.Current.CancellationToken);
        var messaging = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken);
        _factory = new ServiceHost<Program>()
            .WithEnvironment("Development")
            .WithSetting("ConnectionStrings:authdb", ConnectionString)
            .WithSetting("ConnectionStrings:messaging", messaging)
            .WithSetting("Identity:Url", Issuer)
            .WithSetting("Logging:LogLevel:Default", "Trace")
            .WithSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .WithSettings(Settings)
            .CapturingLogsAndTraces();
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
