using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Vargo.Hosting.MongoDB;

public static class MongoDBBuilderExtensions
{
    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name)
    {
        var userName = builder.AddParameter($"{name}-username", "admin");
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var server = new MongoDBServerResource(name, userName.Resource, password);

        string? connectionString = null;
        MongoClient? client = null;
        var healthCheckKey = $"{name}_check";
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new MongoDBPingHealthCheck(client ??= new MongoClient(
                connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet."))),
            failureStatus: null,
            tags: null));

        return builder.AddResource(server)
            .WithImage("library/mongo", "8.0")
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: 27017, name: MongoDBServerResource.PrimaryEndpointName, scheme: "tcp")
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", userName)
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", password)
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<MongoDBDatabaseResource> AddDatabase(
        this IResourceBuilder<MongoDBServerResource> server, string name, string? databaseName = null) =>
        server.ApplicationBuilder.AddResource(new MongoDBDatabaseResource(name, databaseName ?? name, server.Resource));

    public static IResourceBuilder<MongoDBServerResource> WithDataVolume(this IResourceBuilder<MongoDBServerResource> server) =>
        server.WithVolume(VolumeNameGenerator.Generate(server, "data"), "/data/db");

    private sealed class MongoDBPingHealthCheck(IMongoClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("MongoDB did not answer a ping.", ex);
            }
        }
    }
}
