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
    /// Connects a service to the message bus and starts it as soon as the broker's process is started, not once it
    /// answers: RabbitMQ's boot (about 6.5 s) then overlaps the services' own start instead of preceding it.
    /// </summary>
    /// <remarks>
    /// Safe because nothing in a service needs the broker to start: the outbox relay and the consumers are background
    /// workers that retry with back-off until the connection opens (events wait in the outbox meanwhile, and an event
    /// published before its consumer's queue exists is returned by the broker and retried), and the service's
    /// <c>/health</c> reports RabbitMQ unhealthy until then, so the dashboard and <c>WaitFor</c> stay honest.
    /// Setting <c>StartServicesWithBroker</c> = <c>false</c> waits for the broker to be healthy first, as before.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> WithBus(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> bus) =>
        service.ApplicationBuilder.Configuration.GetValue("StartServicesWithBroker", true)
            ? service.WithReference(bus).WaitForStart(bus)
            : service.WithReference(bus).WaitFor(bus);

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
