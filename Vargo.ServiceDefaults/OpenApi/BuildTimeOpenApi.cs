using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Build-time OpenAPI documents (<c>Microsoft.Extensions.ApiDescription.Server</c>, see <c>docs/openapi/README.md</c>) run a
/// service's own entry point inside the <c>GetDocument.Insider</c> tool, with a server that never listens. The app must
/// still build its endpoints there, with no AppHost around: no connection strings, no database, no broker.
/// </summary>
public static class BuildTimeOpenApi
{
    /// <summary>
    /// True inside the document generator: the check Microsoft documents for "skip start-up work during build-time
    /// document generation" (the entry assembly is the tool's).
    /// </summary>
    public static bool IsGeneratingDocument { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    // Well-formed but never dialled: the stores' client integrations only parse these while the endpoints are built, and
    // nothing connects because no hosted service runs. Postgres-shaped, so Catalog and Recommendation pick the adapters
    // the local mode uses (the API surface is the same for every adapter).
    private static readonly Dictionary<string, string?> Placeholders = new()
    {
        ["ConnectionStrings:authdb"] = "Host=localhost;Database=authdb",
        ["ConnectionStrings:catalogdb"] = "Host=localhost;Database=catalogdb",
        ["ConnectionStrings:inventorydb"] = "Host=localhost;Database=inventorydb",
        ["ConnectionStrings:ordersdb"] = "Host=localhost;Database=ordersdb",
        ["ConnectionStrings:paymentsdb"] = "Host=localhost;Database=paymentsdb",
        ["ConnectionStrings:recommendationdb"] = "Host=localhost;Database=recommendationdb",
        ["ConnectionStrings:notificationsdb"] = "Host=localhost;Database=notificationsdb",
        ["ConnectionStrings:redis"] = "localhost:6379",
        ["ConnectionStrings:messaging"] = "amqp://guest:guest@localhost:5672",
        [$"{IdentityProviderOptions.Section}:Url"] = "http://localhost",
    };

    /// <summary>
    /// Inside the generator only: placeholder connection settings (so registration that reads them succeeds) and no
    /// hosted services but the web host's own (so no migration, seed, relay, consumer or worker tries to reach a
    /// server). Outside it: nothing at all.
    /// </summary>
    public static TBuilder AddBuildTimeOpenApiSupport<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!IsGeneratingDocument)
        {
            return builder;
        }
        builder.Configuration.AddInMemoryCollection(Placeholders.Where(p => builder.Configuration[p.Key] is null));
        // The container factory sees the final service collection at Build(), after every service's own registrations.
        builder.ConfigureContainer(new WithoutBackgroundWork());
        return builder;
    }

    private sealed class WithoutBackgroundWork : IServiceProviderFactory<IServiceCollection>
    {
        // GenericWebHostService builds the endpoints the document describes; every other hosted service is background work
        // (data protection's key ring included: Auth keeps its keys in authdb).
        private const string WebHostNamespace = "Microsoft.AspNetCore.Hosting";
        private readonly DefaultServiceProviderFactory _inner = new();

        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            var background = services
                .Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace != WebHostNamespace)
                .ToList();
            foreach (var descriptor in background)
            {
                services.Remove(descriptor);
            }
            return _inner.CreateBuilder(services);
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _inner.CreateServiceProvider(containerBuilder);
    }
}
