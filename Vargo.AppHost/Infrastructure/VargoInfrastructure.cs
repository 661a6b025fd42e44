using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vargo.Hosting.Local;
using Vargo.Hosting.MongoDB;

namespace Vargo.AppHost.Infrastructure;

/// <summary>
/// The backing stores every service connects to. The connection names are the same in both modes,
/// so a service never knows (or asks) how its servers run.
/// </summary>
public sealed record VargoInfrastructure(
    InfrastructureChoice Choice,
    IResourceBuilder<IResourceWithConnectionString> AuthDb,
    IResourceBuilder<IResourceWithConnectionString> CatalogDb,
    IResourceBuilder<IResourceWithConnectionString> InventoryDb,
    IResourceBuilder<IResourceWithConnectionString> OrdersDb,
    IResourceBuilder<IResourceWithConnectionString> PaymentsDb,
    IResourceBuilder<IResourceWithConnectionString> RecommendationDb,
    IResourceBuilder<IResourceWithConnectionString> NotificationsDb,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Messaging);

public static class VargoInfrastructureExtensions
{
    public static VargoInfrastructure AddVargoInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var choice = InfrastructureModeSelector.Choose(
            builder.Configuration[InfrastructureModeSelector.SettingName],
            builder.ExecutionContext.IsPublishMode,
            () => ContainerRuntimeProbe.Probe(
                builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? builder.Configuration["DcpPublisher:ContainerRuntime"],
                ContainerRuntimeProbe.DefaultTimeout));

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vargo.Infrastructure");
            logger.LogInformation("Infrastructure mode: {Mode} ({Reason})", choice.Mode, choice.Reason);
            if (!builder.ExecutionContext.IsPublishMode)
            {
                AnnounceModeSwitch(logger, choice, LocalDataDirectory.Resolve(builder));
            }
            return Task.CompletedTask;
        });

        return choice.Mode == InfrastructureMode.Local ? AddLocal(builder, choice) : AddContainers(builder, choice);
    }

    private static void AnnounceModeSwitch(ILogger logger, InfrastructureChoice choice, string dataDirectory)
    {
        try
        {
            if (InfrastructureModeHistory.SwitchNotice(InfrastructureModeHistory.Read(dataDirectory), choice, dataDirectory) is { } notice)
            {
                logger.LogWarning("{Notice}", notice);
            }
            InfrastructureModeHistory.Record(dataDirectory, choice.Mode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only the announcement is lost; the app runs as chosen.
            logger.LogDebug(ex, "Could not read or record the infrastructure mode in {DataDirectory}", dataDirectory);
        }
    }

    /// <summary>PostgreSQL, Redis and RabbitMQ as processes from the OS packages; no container resource at all.</summary>
    private static VargoInfrastructure AddLocal(IDistributedApplicationBuilder builder, InfrastructureChoice choice)
    {
        var dataDirectory = LocalDataDirectory.Resolve(builder);

        var postgres = builder.AddLocalPostgres("postgres", dataDirectory);
        var redis = builder.AddLocalRedis("redis", dataDirectory);
        var messaging = builder.AddLocalRabbitMQ("messaging", dataDirectory);

        return new(
            choice,
            AuthDb: postgres.AddDatabase("authdb"),
            // No MongoDB without containers: the catalog stores its documents as PostgreSQL JSONB.
            CatalogDb: postgres.AddDatabase("catalogdb"),
            InventoryDb: postgres.AddDatabase("inventorydb"),
            OrdersDb: postgres.AddDatabase("ordersdb"),
            PaymentsDb: postgres.AddDatabase("paymentsdb"),
            RecommendationDb: postgres.AddDatabase("recommendationdb"),
            NotificationsDb: postgres.AddDatabase("notificationsdb"),
            Redis: redis,
            Messaging: messaging);
    }

    /// <summary>The usual Aspire integrations, plus MongoDB for the catalog; always used for publishing.</summary>
    private static VargoInfrastructure AddContainers(IDistributedApplicationBuilder builder, InfrastructureChoice choice)
    {
        // Published (Azure Container Apps), a data volume is an Azure Files share: PostgreSQL refuses its data folder there
        // (its permissions cannot be made restrictive) and MongoDB's storage engine is not supported on SMB. So no volume
        // in publish mode; data that must outlive a container belongs on a managed server (docs/deployment.md).
        var publishing = builder.ExecutionContext.IsPublishMode;

        var mongo = builder.AddMongoDB("mongo");
        if (!publishing)
        {
            mongo.WithDataVolume();
        }

        var redis = builder.AddRedis("redis")
            .WithDataVolume()
            .WithPersistence();

        var messaging = builder.AddRabbitMQ("messaging")
            .WithManagementPlugin()
            .WithDataVolume();

        var database = PostgresDatabases(builder, publishing);
        return new(
            choice,
            AuthDb: database("authdb"),
            CatalogDb: mongo.AddDatabase("catalogdb", "catalog"),
            InventoryDb: database("inventorydb"),
            OrdersDb: database("ordersdb"),
            PaymentsDb: database("paymentsdb"),
            RecommendationDb: database("recommendationdb"),
            NotificationsDb: database("notificationsdb"),
            Redis: redis,
            Messaging: messaging);
    }

    /// <summary>The setting that points a deployment's databases at a managed PostgreSQL server.</summary>
    public const string PostgresSetting = "Postgres";

    /// <summary>
    /// Where each service's PostgreSQL database lives. By default a pgvector container (a data volume locally; none when
    /// published). Published with <c>Postgres=managed</c>: no container; each database is a secret connection-string
    /// parameter (<c>ConnectionStrings:authdb</c> …) naming a managed server (e.g. Azure Database for PostgreSQL with the
    /// vector extension allowed), where the data outlives every container.
    /// </summary>
    private static Func<string, IResourceBuilder<IResourceWithConnectionString>> PostgresDatabases(
        IDistributedApplicationBuilder builder, bool publishing)
    {
        if (publishing && string.Equals(builder.Configuration[PostgresSetting], "managed", StringComparison.OrdinalIgnoreCase))
        {
            return name => builder.AddConnectionString(name);
        }

        // pgvector's image is PostgreSQL with the vector extension, which the recommendation store uses.
        var postgres = builder.AddPostgres("postgres")
            .WithImage("pgvector/pgvector")
            .WithImageTag("pg17");
        if (!publishing)
        {
            postgres.WithDataVolume();
        }
        return name => postgres.AddDatabase(name);
    }
}
