using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Vargo.Hosting.Local;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server run from the OS packages: <c>initdb</c> on first start (data under
    /// <paramref name="dataDirectory"/>), then <c>postgres</c> on a port Aspire allocates. As root it runs under
    /// <c>runuser -u postgres</c>, since PostgreSQL refuses to run as root.
    /// </summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        var binDirectory = LocalServerBinaries.PostgresBinDirectory();
        var root = Path.Combine(dataDirectory, name);
        Directory.CreateDirectory(root);
        AllowTraverse(dataDirectory);
        AllowTraverse(root);

        var password = builder.AddParameter($"{name}-password", LocalSecret.GetOrCreate(dataDirectory, name), secret: true);
        var script = LocalScript.Write(root, "launch.sh", LaunchScript(binDirectory, Path.Combine(root, "data"), Path.Combine(root, "run")));

        var server = new LocalPostgresServerResource(name, script, root, password.Resource);

        string? connectionString = null;
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet."),
            name: healthCheckKey);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, ct) =>
        {
            connectionString ??= await server.ConnectionStringExpression.GetValueAsync(ct);
            await CreateDatabasesAsync(server, connectionString!, @event.Services, ct);
        });

        return builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresServerResource.PrimaryEndpointName, scheme: "tcp", env: "PGPORT")
            .WithEnvironment("VARGO_POSTGRES_PASSWORD", password)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);

        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", database.DatabaseName)]
            })
            .ExcludeFromManifest();
    }

    /// <summary>As root, the server runs as the postgres user, which must be able to walk into its folder.</summary>
    private static void AllowTraverse(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var mode = File.GetUnixFileMode(directory);
        File.SetUnixFileMode(directory, mode | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
    }

    private static async Task CreateDatabasesAsync(
        LocalPostgresServerResource server, string connectionString, IServiceProvider services, CancellationToken ct)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var database in server.Databases)
        {
            try
            {
                await using var command = dataSource.CreateCommand($"CREATE DATABASE \"{database.DatabaseName}\"");
                await command.ExecuteNonQueryAsync(ct);
                logger.LogInformation("Created database {Database}", database.DatabaseName);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Kept from an earlier run: that is the point of the data folder.
            }

            // Aspire only propagates state to children of containers, so the database says it is up itself;
            // services that WaitFor it start only now.
            await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running });
        }
    }

    private static string LaunchScript(string binDirectory, string dataDirectory, string socketDirectory) => $$"""
        #!/bin/sh
        # Written by Vargo.AppHost on every start: runs the AppHost's own PostgreSQL in the foreground.
        set -eu
        PGBIN='{{binDirectory}}'
        PGDATA_DIR='{{dataDirectory}}'
        SOCKET_DIR='{{socketDirectory}}'
        mkdir -p "$PGDATA_DIR" "$SOCKET_DIR"
        if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDATA_DIR" "$SOCKET_DIR"; fi
        chmod 700 "$PGDATA_DIR"

        as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

        if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
          pwfile="$SOCKET_DIR/.pwfile"
          umask 077
          printf '%s\n' "$VARGO_POSTGRES_PASSWORD" > "$pwfile"
          if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$pwfile"; fi
          as_postgres "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
            -E UTF8 --locale=C.UTF-8 >/dev/null
          rm -f "$pwfile"
        fi

        # A server of this folder may still be running: one whose stop outlived the process the AppHost watched (that
        # process's exit is what the AppHost reports as stopped), or one orphaned by a killed AppHost. A second
        # postmaster refuses to start on its lock file ("lock file postmaster.pid already exists") and exits, and the
        # resource never comes back: the earlier one is given a fast shutdown and waited for first.
        if [ -s "$PGDATA_DIR/postmaster.pid" ] && kill -0 "$(head -n 1 "$PGDATA_DIR/postmaster.pid")" 2>/dev/null; then
          echo "stopping the previous server of this folder (pid $(head -n 1 "$PGDATA_DIR/postmaster.pid")) first"
          as_postgres "$PGBIN/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 120 >/dev/null || true
        fi

        # PostgreSQL takes SIGTERM as "wait for every client to leave"; the AppHost's stop should not wait, so the stop
        # signal becomes a fast shutdown (disconnect clients, checkpoint, exit) and this script exits only once the
        # server has, with its status: the AppHost reports the resource stopped when this script ends, and a start
        # right after must not find the server still shutting down.
        # pg_stat_statements is preloaded (cheap) so a profile can count each service's statements (bench/Vargo.Bench.Checkout).
        # The server is this script's direct child (setpriv execs it): runuser would stand between them and, passed a
        # SIGTERM, SIGKILL it 2 s later.
        set -- "$PGBIN/postgres" -D "$PGDATA_DIR" -k "$SOCKET_DIR" -p "$PGPORT" -c listen_addresses=127.0.0.1 \
          -c max_connections=300 -c shared_preload_libraries=pg_stat_statements
        if [ "$(id -u)" = 0 ]; then set -- setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; fi
        "$@" &
        pid=$!
        trap 'kill -INT $pid 2>/dev/null' INT TERM HUP
        status=0
        wait $pid || status=$?
        # A trap ends the wait early (status > 128): wait again for the server's own exit.
        while kill -0 $pid 2>/dev/null; do status=0; wait $pid || status=$?; done
        exit $status
        """;
}
