using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vargo.Hosting.Local;

namespace Vargo.Testing;

[Flags]
public enum LocalServerKinds
{
    Postgres = 1,
    Redis = 2,
    RabbitMQ = 4,
    All = Postgres | Redis | RabbitMQ
}

/// <summary>
/// Real PostgreSQL, Redis and RabbitMQ for integration tests, started through the same local-process
/// resources the AppHost uses, in a throw-away data folder. Share one per test project
/// (an xunit assembly fixture, <see cref="LocalServersFixture"/>);
/// each test still makes its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class LocalServers : IAsyncDisposable
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";
    public const string RabbitMQ = "messaging";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DistributedApplication _app;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private int _nextRedisDatabase;

    private LocalServers(DistributedApplication app, string dataDirectory, bool ownsDataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <param name="dataDirectory">
    /// Where the servers keep their data. Default: a fresh temp folder, deleted on dispose. A folder you pass is kept,
    /// so a second start on it finds the first one's data.
    /// </param>
    public static async Task<LocalServers> StartAsync(
        LocalServerKinds kinds, CancellationToken cancellationToken = default, string? dataDirectory = null)
    {
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("vargo-test-").FullName;
        var builder = DistributedApplicationTestingBuilder.Create();

        var names = new List<string>();
        if (kinds.HasFlag(LocalServerKinds.Postgres))
        {
            builder.AddLocalPostgres(Postgres, dataDirectory);
            names.Add(Postgres);
        }
        if (kinds.HasFlag(LocalServerKinds.Redis))
        {
            builder.AddLocalRedis(Redis, dataDirectory);
            names.Add(Redis);
        }
        if (kinds.HasFlag(LocalServerKinds.RabbitMQ))
        {
            builder.AddLocalRabbitMQ(RabbitMQ, dataDirectory);
            names.Add(RabbitMQ);
        }

        TestRunProcesses.Mark(builder, dataDirectory);
        var app = builder.Build();
        var servers = new LocalServers(app, dataDirectory, ownsDataDirectory);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            await app.StartAsync(timeout.Token);
            foreach (var name in names)
            {
                try
                {
                    await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
                }
                catch (DistributedApplicationException ex)
                {
                    // Aspire says only that the server "failed to start"; the server's own last words say why.
                    throw new DistributedApplicationException(
                        $"{ex.Message} Its last output:{Environment.NewLine}{await LastOutputAsync(app, name)}", ex);
                }
            }
        }
        catch
        {
            // A start that failed or timed out must not leave its servers running.
            await servers.DisposeAsync();
            throw;
        }
        return servers;
    }

    /// <summary>The last lines a resource wrote (its console output, as the dashboard shows it).</summary>
    private static async Task<string> LastOutputAsync(DistributedApplication app, string resourceName, int lines = 40)
    {
        var last = new Queue<string>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // By the resource (not its name): the log is kept under the name DCP gave the process ("messaging-abcd1234").
            var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>()
                .GetAllAsync(resource).WithCancellation(enough.Token))
            {
                foreach (var line in batch)
                {
                    last.Enqueue(line.Content);
                    if (last.Count > lines)
                    {
                        last.Dequeue();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Whatever arrived in time is enough to say why.
        }
        return last.Count == 0 ? "(none)" : string.Join(Environment.NewLine, last);
    }

    public DistributedApplication App => _app;

    public string DataDirectory => _dataDirectory;

    /// <summary>Processes that stopping the servers left alive and dispose had to kill (empty after a clean stop).</summary>
    public IReadOnlyList<string> KilledAfterStop { get; private set; } = [];

    public async Task<string> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default) =>
        await _app.GetConnectionStringAsync(resourceName, cancellationToken)
            ?? throw new InvalidOperationException($"{resourceName} has no connection string.");

    /// <summary>A fresh, empty database (unique name from <paramref name="prefix"/>); returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var server = await GetConnectionStringAsync(Postgres, cancellationToken);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();

        await using (var dataSource = NpgsqlDataSource.Create(server))
        await using (var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// The Redis connection string on a logical database of its own (1-15, handed out in turn; database 0 is left to
    /// callers of <see cref="GetConnectionStringAsync"/>), for a service whose cache keys are fixed names that two
    /// instances alive at once would otherwise share.
    /// </summary>
    public async Task<string> GetRedisDatabaseConnectionStringAsync(CancellationToken cancellationToken = default)
    {
        var database = Interlocked.Increment(ref _nextRedisDatabase) % 15 + 1;
        return $"{await GetConnectionStringAsync(Redis, cancellationToken)},defaultDatabase={database}";
    }

    /// <summary>Stops a server (for outage tests); its port stays reserved, so clients reconnect to the same address.</summary>
    public Task StopAsync(string resourceName, CancellationToken cancellationToken = default) =>
        ExecuteAsync(resourceName, KnownResourceCommands.StopCommand, cancellationToken);

    /// <summary>Starts a stopped server again and waits until it answers its health check.</summary>
    public async Task StartAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(resourceName, KnownResourceCommands.StartCommand, cancellationToken);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken);
    }

    private async Task ExecuteAsync(string resourceName, string command, CancellationToken cancellationToken)
    {
        var result = await _app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resourceName, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"'{command}' on {resourceName} failed: {result.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            KilledAfterStop = TestRunProcesses.KillLeftovers(_dataDirectory);
        }
        if (!_ownsDataDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the OS cleans temp folders.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
