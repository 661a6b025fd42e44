using Microsoft.Extensions.Configuration;

namespace Vargo.AppHost;

public static class VargoServiceExtensions
{
    /// <summary>
    /// Adds a Vargo service: health-probed on <c>/health</c>, told where Auth publishes its keys, and with
    /// ports left to Aspire so two AppHosts on one machine never collide (launchSettings ports are for
    /// running a service on its own).
    /// </summary>
    /// <param name="api">An API service: the dashboard links its Scalar UI and OpenAPI document by name (development).</param>
    public static IResourceBuilder<ProjectResource> AddVargoService<TProject>(
        this IDistributedApplicationBuilder builder, string name, EndpointReference? identity, bool api = true)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name)
            .WithHttpHealthCheck("/health")
            .WithDynamicPorts()
            .WithDeployableEndpoints()
            .RunFromBuildOutput();
        if (api && !builder.ExecutionContext.IsPublishMode)
        {
            service.WithApiLinks();
        }

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

    /// <summary>
    /// Names the service's links on the dashboard: "Scalar" (<c>/scalar</c>, the service's own API UI) and "OpenAPI"
    /// (<c>/openapi/v1.json</c>), both on its <c>http</c> endpoint; ServiceDefaults maps them in development. The bare
    /// endpoint addresses stay on the resource's details page.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiLinks(this IResourceBuilder<ProjectResource> service)
    {
        foreach (var endpoint in service.Resource.Annotations.OfType<EndpointAnnotation>())
        {
            service.WithUrlForEndpoint(endpoint.Name, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        }
        return service
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar", DisplayText = "Scalar" })
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/openapi/v1.json", DisplayText = "OpenAPI" });
    }

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
            .WithDeployableEndpoints()
            .RunFromBuildOutput();

        foreach (var service in services)
        {
            gateway.WithReference(service);
        }

        return gateway;
    }
}
