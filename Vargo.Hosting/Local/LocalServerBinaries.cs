namespace Vargo.Hosting.Local;

/// <summary>Finds the servers that Debian's packages install; fails at once, naming the fix, when one is missing.</summary>
public static class LocalServerBinaries
{
    private const string Fix = "Run eng/setup.sh to install PostgreSQL, Redis and RabbitMQ, or start with --Infrastructure containers.";

    public static string PostgresBinDirectory(string root = "/usr/lib/postgresql")
    {
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "postgres")) && File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;

        return found ?? throw Missing("PostgreSQL server (postgres, initdb under /usr/lib/postgresql/<version>/bin)");
    }

    public static string RedisServer() =>
        FindOnPath("redis-server") ?? throw Missing("Redis server (redis-server)");

    public static string RabbitMQServer()
    {
        const string debian = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        return File.Exists(debian) ? debian : throw Missing("RabbitMQ server (" + debian + ")");
    }

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static DistributedApplicationException Missing(string what) =>
        new($"Local infrastructure: {what} is not installed. {Fix}");
}
