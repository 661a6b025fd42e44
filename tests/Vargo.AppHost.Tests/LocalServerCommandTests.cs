using Npgsql;
using StackExchange.Redis;
using Vargo.Hosting.Local;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

/// <summary>
/// The local servers' dashboard commands, run as the dashboard and the fault suite run them (<see cref="ResourceCommandService"/>):
/// Redis' "Wipe data" leaves it running and empty; PostgreSQL's stop (Aspire's own command) is a fast shutdown that does
/// not wait for connected clients, and its start brings the same data back.
/// </summary>
public sealed class LocalServerCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Wiping_Redis_leaves_it_running_and_empty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await LocalServers.StartAsync(LocalServerKinds.Redis, ct);
        var connectionString = await servers.GetConnectionStringAsync(LocalServers.Redis, ct);
        await using (var before = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            await before.GetDatabase().StringSetAsync("kept-until-wiped", "yes");
        }

        var result = await ExecuteAsync(servers, LocalServers.Redis, LocalServerCommands.WipeData, ct);

        Assert.True(result.Success, result.Message);
        Assert.Contains("started empty", result.Message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Bound);
        await servers.App.ResourceNotifications.WaitForRestartedHealthyAsync(LocalServers.Redis, timeout.Token);
        await using var after = await ConnectionMultiplexer.ConnectAsync(connectionString);
        Assert.False(await after.GetDatabase().KeyExistsAsync("kept-until-wiped"));
        Assert.Equal(0, await after.GetServers().Single().DatabaseSizeAsync());
    }

    [Fact]
    public async Task Stopping_PostgreSQL_does_not_wait_for_a_connected_client_and_starting_it_keeps_the_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var servers = await LocalServers.StartAsync(LocalServerKinds.Postgres, ct);
        var connectionString = await servers.CreateDatabaseAsync("stopstart", ct);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await dataSource.CreateCommand("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')").ExecuteNonQueryAsync(ct);
        // A client in the middle of a transaction: a smart shutdown (plain SIGTERM) would wait for it forever.
        await using var client = await dataSource.OpenConnectionAsync(ct);
        await using var open = await client.BeginTransactionAsync(ct);

        var stopped = await ExecuteAsync(servers, LocalServers.Postgres, KnownResourceCommands.StopCommand, ct);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(Bound);
            await servers.App.ResourceNotifications.WaitForResourceAsync(LocalServers.Postgres, KnownResourceStates.TerminalStates, timeout.Token);
        }
        // Reported stopped means the server has exited (its lock file is gone), not just its launcher: a start right
        // after must not meet it.
        Assert.False(File.Exists(Path.Combine(servers.DataDirectory, LocalServers.Postgres, "data", "postmaster.pid")), "postmaster.pid still there after the stop");
        var started = await ExecuteAsync(servers, LocalServers.Postgres, KnownResourceCommands.StartCommand, ct);

        Assert.True(stopped.Success, stopped.Message);
        Assert.True(started.Success, started.Message);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(Bound);
            await servers.App.ResourceNotifications.WaitForRestartedHealthyAsync(LocalServers.Postgres, timeout.Token);
        }
        await using var again = NpgsqlDataSource.Create(connectionString);
        Assert.Equal("still here", await again.CreateCommand("SELECT value FROM kept").ExecuteScalarAsync(ct));
    }

    private static Task<ExecuteCommandResult> ExecuteAsync(LocalServers servers, string resource, string command, CancellationToken ct) =>
        servers.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, ct);
}
