using Npgsql;
using Vargo.Hosting.Local;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

/// <summary>What the local-process resources promise: data that outlives a restart, no leftovers, no collisions.</summary>
public sealed class LocalInfrastructureTests
{
    [Fact]
    public async Task PostgreSQL_keeps_its_data_across_a_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("vargo-restart-").FullName;
        try
        {
            await using (var first = await LocalServers.StartAsync(LocalServerKinds.Postgres, TestContext.Current.CancellationToken, dataDirectory))
            {
                await using var dataSource = NpgsqlDataSource.Create(await first.GetConnectionStringAsync(LocalServers.Postgres, TestContext.Current.CancellationToken));
                await dataSource.CreateCommand("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')").ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await using var second = await LocalServers.StartAsync(LocalServerKinds.Postgres, TestContext.Current.CancellationToken, dataDirectory);
            await using var again = NpgsqlDataSource.Create(await second.GetConnectionStringAsync(LocalServers.Postgres, TestContext.Current.CancellationToken));
            Assert.Equal("still here", await again.CreateCommand("SELECT value FROM kept").ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Stopping_leaves_no_server_process_behind()
    {
        var servers = await LocalServers.StartAsync(LocalServerKinds.All, TestContext.Current.CancellationToken);
        var dataDirectory = servers.DataDirectory;
        Assert.NotEmpty(ProcessesMentioning(dataDirectory));

        await servers.DisposeAsync();

        // The stop itself ended every server: dispose's safety net had nothing to kill.
        Assert.Empty(servers.KilledAfterStop);
        Assert.Empty(ProcessesMentioning(dataDirectory));
    }

    [Fact]
    public async Task Two_sets_of_servers_run_side_by_side()
    {
        // Two test runs (or AppHosts) on one machine: own ports, own RabbitMQ node names, own folders.
        await using var a = await LocalServers.StartAsync(LocalServerKinds.Redis | LocalServerKinds.RabbitMQ, TestContext.Current.CancellationToken);
        await using var b = await LocalServers.StartAsync(LocalServerKinds.Redis | LocalServerKinds.RabbitMQ, TestContext.Current.CancellationToken);

        Assert.NotEqual(await a.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken), await b.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken));
        Assert.NotEqual(await a.GetConnectionStringAsync(LocalServers.Redis, TestContext.Current.CancellationToken), await b.GetConnectionStringAsync(LocalServers.Redis, TestContext.Current.CancellationToken));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, Health(a, LocalServers.RabbitMQ));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, Health(b, LocalServers.RabbitMQ));
    }

    [Fact]
    public async Task A_server_that_fails_to_start_says_why()
    {
        using var data = new TempFolder("vargo-bad-config-");
        // RabbitMQ reads <data>/messaging/rabbitmq.conf; a line that is not a setting stops it during boot.
        Directory.CreateDirectory(Path.Combine(data.Path, LocalServers.RabbitMQ));
        await File.WriteAllTextAsync(Path.Combine(data.Path, LocalServers.RabbitMQ, "rabbitmq.conf"), "this line is not a setting\n", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => LocalServers.StartAsync(LocalServerKinds.RabbitMQ, TestContext.Current.CancellationToken, data.Path));

        // Aspire's own message names only the resource; the server's output names the cause.
        Assert.Contains("'messaging'", error.Message);
        Assert.Contains("failed_to_parse_configuration_file", error.Message);
        Assert.Empty(ProcessesMentioning(data.Path));
    }

    [Fact]
    public void A_port_picked_for_a_server_is_one_the_kernel_never_hands_out_on_its_own()
    {
        // Linux gives ephemeral ports (outgoing connections, listeners on port 0) from this range; a port picked inside
        // it can be taken by any socket on the machine between the pick and the server's bind.
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

        var ports = Enumerable.Range(0, 50).Select(_ => ListenPort.OutsideEphemeralRange()).ToList();

        Assert.All(ports, port => Assert.True(port < range[0] || port > range[1], $"{port} is inside {range[0]}-{range[1]}"));
        Assert.All(ports, port => Assert.InRange(port, 1024, 65535));
        Assert.True(ports.Distinct().Count() > 1, "picks are random, so two test runs do not keep choosing the same port");
    }

    [Fact]
    public void No_two_picks_in_one_process_give_the_same_port()
    {
        // Two servers of one test (a service's HTTP and gRPC endpoints) or two tests in parallel must not be told the same port.
        var ports = Enumerable.Range(0, 500).AsParallel().Select(_ => ListenPort.OutsideEphemeralRange()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Theory]
    [InlineData("32768\t60999", 61000, 65535)] // Linux's default: above it
    [InlineData("49152 65535", 39152, 49151)] // no room above: below it
    [InlineData("1024 60999", 61000, 65535)]
    [InlineData("garbage", 39152, 49151)] // unreadable: the IANA range is assumed
    [InlineData("", 39152, 49151)]
    [InlineData("60999 32768", 39152, 49151)] // reversed
    public void The_pick_is_outside_the_ephemeral_range_as_the_kernel_reports_it(string reported, int first, int last)
    {
        Assert.Equal((first, last), ListenPort.PickRange(reported));
    }

    [Theory]
    [InlineData("1024 65535")] // a common setting on busy servers: no room either side
    [InlineData("1500 65000")]
    public void A_range_that_leaves_no_room_outside_it_leaves_the_pick_to_the_OS(string reported)
    {
        Assert.Null(ListenPort.PickRange(reported));
    }

    [Fact]
    public void A_missing_server_names_the_setup_script()
    {
        using var emptyRoot = new TempFolder("vargo-no-postgres-");

        var error = Assert.Throws<DistributedApplicationException>(() => LocalServerBinaries.PostgresBinDirectory(emptyRoot.Path));

        Assert.Contains("eng/setup.sh", error.Message);
    }

    private static Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus? Health(LocalServers servers, string resource) =>
        servers.App.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot.HealthStatus : null;

    /// <summary>Live processes whose command line names the folder (every server is started with its data path).</summary>
    private static List<int> ProcessesMentioning(string folder) =>
        Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(pid =>
            {
                try
                {
                    var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                    return commandLine.Contains(folder, StringComparison.Ordinal) ? int.Parse(pid!) : -1;
                }
                catch (IOException)
                {
                    return -1;
                }
                catch (UnauthorizedAccessException)
                {
                    return -1;
                }
            })
            .Where(pid => pid > 0)
            .ToList();
}
