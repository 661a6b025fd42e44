using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Vargo.Hosting.Local;

public static class LocalRabbitMQBuilderExtensions
{
    /// <summary>
    /// Adds <c>rabbitmq-server</c> from the OS packages. Node name, distribution port and folders are this
    /// AppHost's own, so two AppHosts (or two test runs) on one machine never meet.
    /// </summary>
    public static IResourceBuilder<LocalRabbitMQResource> AddLocalRabbitMQ(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        var rabbitmqServer = LocalServerBinaries.RabbitMQServer();
        var root = Path.Combine(dataDirectory, name);
        Directory.CreateDirectory(root);

        // The node name is tied to the data folder (Mnesia refuses a renamed node), so it derives from it.
        var nodeName = $"vargo-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(root)))[..12]}@localhost";
        var pluginsFile = Path.Combine(root, "enabled_plugins");
        File.WriteAllText(pluginsFile, "[].\n");

        var broker = new LocalRabbitMQResource(name, rabbitmqServer, root);

        string? connectionString = null;
        IConnection? connection = null;
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRabbitMQ(
            async _ =>
            {
                // The connection is kept between checks, but not once it is closed (the broker was stopped and started
                // again): a check on a fresh one says whether the broker is back, rather than whether the client's own
                // recovery of the old one has got there yet.
                if (connection is not { IsOpen: true })
                {
                    var closed = connection;
                    connection = await new ConnectionFactory
                    {
                        Uri = new Uri(connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet."))
                    }.CreateConnectionAsync();
                    if (closed is not null)
                    {
                        await closed.DisposeAsync();
                    }
                }
                return connection;
            },
            name: healthCheckKey);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(broker, async (_, ct) =>
            connectionString = await broker.ConnectionStringExpression.GetValueAsync(ct));

        return builder.AddResource(broker)
            .WithEndpoint(name: LocalRabbitMQResource.PrimaryEndpointName, scheme: "tcp", env: "RABBITMQ_NODE_PORT")
            .WithEnvironment("RABBITMQ_NODENAME", nodeName)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            // Picked at each launch (a restart picks again), outside the ephemeral range: see ListenPort.
            .WithEnvironment(context => context.EnvironmentVariables["RABBITMQ_DIST_PORT"] =
                ListenPort.OutsideEphemeralRange().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(root, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(root, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(root, "rabbitmq.pid"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(root, "rabbitmq"))
            .WithEnvironment("RABBITMQ_ADVANCED_CONFIG_FILE", Path.Combine(root, "advanced.config"))
            .WithEnvironment("HOME", root)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Mail")
            .ExcludeFromManifest();
    }
}
