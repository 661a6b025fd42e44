using Xunit;

namespace Vargo.Testing;

/// <summary>xunit fixture owning one <see cref="LocalServers"/>: derive with the servers a test class needs.</summary>
public abstract class LocalServersFixture(LocalServerKinds kinds) : IAsyncLifetime
{
    private LocalServers? _servers;

    public LocalServers Servers => _servers ?? throw new InvalidOperationException("The servers have not started.");

    public async Task InitializeAsync() => _servers = await LocalServers.StartAsync(kinds);

    public async Task DisposeAsync()
    {
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
