using Xunit;

namespace Vargo.Testing;

/// <summary>
/// xunit fixture owning one <see cref="LocalServers"/>: derive with the servers a test project needs. Declare it once per
/// test project as an assembly fixture (<c>[assembly: AssemblyFixture(typeof(AllServersFixture))]</c>) so the servers start
/// once per project; tests share the servers, never data (each makes its own database, key tag or virtual host).
/// </summary>
public abstract class LocalServersFixture(LocalServerKinds kinds) : IAsyncLifetime
{
    private LocalServers? _servers;

    public LocalServers Servers => _servers ?? throw new InvalidOperationException("The servers have not started.");

    public async ValueTask InitializeAsync() =>
        _servers = await LocalServers.StartAsync(kinds, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}

public sealed class PostgresFixture() : LocalServersFixture(LocalServerKinds.Postgres);

public sealed class PostgresAndRedisFixture() : LocalServersFixture(LocalServerKinds.Postgres | LocalServerKinds.Redis);

public sealed class PostgresAndRabbitMQFixture() : LocalServersFixture(LocalServerKinds.Postgres | LocalServerKinds.RabbitMQ);

public sealed class AllServersFixture() : LocalServersFixture(LocalServerKinds.All);
