using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vargo.AppHost;

public static class VargoServiceExtensions
{
    /// <summary>
    /// Adds a Vargo service: health-probed on <c>/health</c>, told where Auth publishes its keys, and with
    /// ports left to Aspire so two AppHosts on one machine never collide (launchSettings ports are for
    /// running a service on its own).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddVargoService<TProject>(
        this IDistributedApplicationBuilder builder, string name, EndpointReference? identity)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name)
            .WithHttpHealthCheck("/health")
            .WithDynamicPorts()
            .WithDeployableEndpoints();

        if (identity is not null)
        {
            service.WithEnvironment("Identity__Url", identity);
        }

        return service;
    }

    /// <summary>Connects a service to a store and starts it only once the store answers.</summary>
    public static IResourceBuilder<ProjectResource> WithStore(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> store) =>
        service.WithReference(store).WaitFor(store);

    public static IResourceBuilder<ProjectResource> WithDynamicPorts(this IResourceBuilder<ProjectResource> service)
    {
        foreach (var endpoint in service.Resource.Annotations.OfType<EndpointAnnotation>())
        {
            endpoint.Port = null;
        }
        return service;
    }

    /// <summary>
    /// The single public entry point: YARP routing <c>/api/{service}/**</c> by service-discovery name and every
    /// other path to the storefront (<c>web</c>), on a fixed port (setting <c>Gateway:Port</c>, default 8080) so a newcomer knows where the app is.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddVargoGateway<TProject>(
        this IDistributedApplicationBuilder builder, string name, params IResourceBuilder<ProjectResource>[] services)
        where TProject : IProjectMetadata, new()
    {
        var port = builder.Configuration.GetValue<int?>("Gateway:Port");
        var gateway = builder.AddProject<TProject>(name)
            .WithHttpHealthCheck("/health")
            .WithEndpoint("http", endpoint => endpoint.Port = port is > 0 ? port : null)
            .WithExternalHttpEndpoints()
            // The gateway's root is the shop: that is the link a newcomer wants from the dashboard.
            .WithUrlForEndpoint("http", url => url.DisplayText = "Storefront")
            .WithDeployableEndpoints();

        foreach (var service in services)
        {
            gateway.WithReference(service);
        }

        builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (@event, _) =>
        {
            var url = gateway.GetEndpoint("http").Url;
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vargo")
                .LogInformation("Vargo is ready: the storefront is at {StorefrontUrl}/ and the API at {GatewayUrl}/api (try {GatewayUrl}/api/catalog/info)", url, url, url);
            return Task.CompletedTask;
        });

        return gateway;
    }
}
