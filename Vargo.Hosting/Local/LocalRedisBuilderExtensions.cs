using Microsoft.Extensions.DependencyInjection;

namespace Vargo.Hosting.Local;

public static class LocalRedisBuilderExtensions
{
    /// <summary>
    /// Adds <c>redis-server</c> from the OS packages, data and append-only file under <paramref name="dataDirectory"/>,
    /// with Aspire's stop/start/restart commands and a "Wipe data" command (<see cref="LocalServerCommands"/>).
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        var redisServer = LocalServerBinaries.RedisServer();
        var root = Path.Combine(dataDirectory, name);
        Directory.CreateDirectory(root);

        var password = builder.AddParameter($"{name}-password", LocalSecret.GetOrCreate(dataDirectory, name), secret: true);
        // The password goes through a config file, not the command line, so `ps` does not show it.
        var script = LocalScript.Write(root, "launch.sh", $$"""
            #!/bin/sh
            # Written by Vargo.AppHost on every start: runs the AppHost's own Redis in the foreground.
            set -eu
            umask 077
            printf 'requirepass %s\n' "$VARGO_REDIS_PASSWORD" > '{{root}}/auth.conf'
            exec '{{redisServer}}' --port "$REDIS_PORT" --bind 127.0.0.1 --dir '{{root}}' \
              --appendonly yes --appendfsync everysec --save '' --daemonize no --protected-mode yes \
              --include '{{root}}/auth.conf'
            """);

        var redis = new LocalRedisResource(name, script, root, password.Resource);

        string? connectionString = null;
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet."),
            name: healthCheckKey);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.PrimaryEndpointName, scheme: "tcp", env: "REDIS_PORT")
            .WithEnvironment("VARGO_REDIS_PASSWORD", password)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Memory")
            // Redis keeps everything in its append-only files (appendonlydir since Redis 7, appendonly.aof before);
            // snapshots are off (--save ''), a dump.rdb can only be left from a manual SAVE.
            .WithWipeDataCommand("appendonlydir", "appendonly.aof", "dump.rdb")
            .ExcludeFromManifest();
    }
}
