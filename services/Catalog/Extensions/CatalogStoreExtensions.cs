using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;
using OpenTelemetry.Trace;
using Vargo.Messaging;
using Vargo.Catalog.Seeding;
using Vargo.Catalog.Store;
using Vargo.Catalog.Store.Mongo;
using Vargo.Catalog.Store.Postgres;

namespace Vargo.Catalog.Extensions;

/// <summary>
/// The catalog's store is picked from its connection string and nowhere else: a <c>mongodb://</c> URL
/// (containers mode) selects MongoDB, anything else is a PostgreSQL connection (local mode).
/// </summary>
public static class CatalogStoreExtensions
{
    public static void AddCatalogStore(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<DemoCatalogSeeder>();
        builder.Services.AddOpsCommand("reseed-demo-catalog", (services, cancellationToken) =>
            services.GetRequiredService<DemoCatalogSeeder>().RestoreAsync(cancellationToken));

        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing; the AppHost provides it.");

        if (IsMongoDb(connectionString))
        {
            builder.AddMongoDBClient(connectionName, connectionString);
            builder.Services.AddSingleton<ICatalogStore, MongoCatalogStore>();
            // EF Core does not manage MongoDB: the same start-up slot as AddMigration creates the collections' indexes.
            builder.Services.AddStartupTask("MongoDB catalog", async (services, cancellationToken) =>
            {
                await services.GetRequiredService<ICatalogStore>().InitializeAsync(cancellationToken);
                await services.GetRequiredService<DemoCatalogSeeder>().SeedAsync(cancellationToken);
            });
            // Each product document carries its pending ProductUpserted; Vargo.Messaging's relay publishes them.
            builder.AddVargoMessaging("messaging").UseMongoOutbox(MongoCatalogStore.ProductsCollection);
        }
        else
        {
            builder.AddNpgsqlDbContext<CatalogDbContext>(connectionName);
            builder.Services.AddScoped<ICatalogStore, PostgresCatalogStore>();
            // The seeder's store shares the scope's CatalogDbContext, so the seed runs inside the migration's execution strategy.
            builder.Services.AddMigration<CatalogDbContext>((_, services, cancellationToken) =>
                services.GetRequiredService<DemoCatalogSeeder>().SeedAsync(cancellationToken));
            builder.AddVargoMessaging("messaging").UseDbContext<CatalogDbContext>();
        }
    }

    public static bool IsMongoDb(string connectionString) =>
        connectionString.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase)
        || connectionString.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What Aspire.MongoDB.Driver would register (that package is not obtainable here): one <see cref="IMongoClient"/>,
    /// the <see cref="IMongoDatabase"/> named in the URL, a health check, and the driver's own activities (driver 3.7+) in the traces.
    /// </summary>
    private static void AddMongoDBClient(this IHostApplicationBuilder builder, string connectionName, string connectionString)
    {
        var url = MongoUrl.Create(connectionString);
        var databaseName = url.DatabaseName
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' names no database.");

        builder.Services.AddSingleton<IMongoClient>(sp =>
        {
            var settings = MongoClientSettings.FromUrl(url);
            settings.ApplicationName = builder.Environment.ApplicationName;
            settings.LoggingSettings = new MongoDB.Driver.Core.Configuration.LoggingSettings(sp.GetService<ILoggerFactory>());
            return new MongoClient(settings);
        });
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase(databaseName));

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MongoTelemetry.ActivitySourceName));

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"MongoDB-{connectionName}",
            sp => new MongoDbPingHealthCheck(sp.GetRequiredService<IMongoDatabase>()),
            failureStatus: null,
            tags: ["ready"]));
    }

    private sealed class MongoDbPingHealthCheck(IMongoDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "MongoDB did not answer a ping.", ex);
            }
        }
    }
}
