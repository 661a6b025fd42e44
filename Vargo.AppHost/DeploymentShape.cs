namespace Vargo.AppHost;

/// <summary>
/// What a service looks like when published (azd, Azure Container Apps): a container app has one HTTP ingress port, and
/// the platform's health probes speak HTTP/1.1. Local runs keep their shape (REST on <c>http</c>, gRPC on an HTTP/2-only
/// <c>grpc</c> endpoint), because without TLS Kestrel cannot offer HTTP/1.1 and HTTP/2 on one port.
/// </summary>
public static class DeploymentShape
{
    /// <summary>The port every service image listens on for HTTP (the ASP.NET base image's default).</summary>
    public const int ContainerHttpPort = 8080;

    /// <summary>The internal port of the HTTP/1.1 health endpoint of a gRPC service (published only; not behind the ingress).</summary>
    public const int HealthPort = 8081;

    private static readonly string HealthUrl = "http://*:" + HealthPort;

    public const string GrpcEndpoint = "grpc";
    public const string HealthEndpoint = "health";

    /// <summary>
    /// Published: the service's one ingress endpoint (<c>http</c>, with <c>https</c> on the same port) and health probes.
    /// A gRPC service serves REST and gRPC on that endpoint as HTTP/2 only (<c>transport: http2</c>: the ingress accepts
    /// HTTP/1.1 and HTTP/2 from callers and speaks HTTP/2 to the container), and answers the probes on an internal HTTP/1.1
    /// endpoint (a tcp binding, so not a second ingress port). Run mode: unchanged.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDeployableEndpoints(this IResourceBuilder<ProjectResource> service)
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return service;
        }

        var endpoints = service.Resource.Annotations.OfType<EndpointAnnotation>().ToList();
        if (endpoints.SingleOrDefault(e => e.Name == GrpcEndpoint) is not { } grpc)
        {
            return service.WithHealthProbes("http");
        }

        service.Resource.Annotations.Remove(grpc);
        foreach (var endpoint in endpoints.Where(e => e != grpc && e.UriScheme is "http" or "https"))
        {
            endpoint.Transport = "http2";
            // The container image's port (services/Directory.Build.props), not the development port of appsettings.json.
            endpoint.TargetPort = ContainerHttpPort;
        }

        return service
            .WithEnvironment("Kestrel__Endpoints__http__Protocols", "Http2")
            // appsettings.json's loopback gRPC listener stays (configuration cannot delete a section); nothing routes to it.
            .WithEnvironment("Kestrel__Endpoints__grpc__Url", "http://localhost:0")
            .WithEndpoint(HealthEndpoint, e =>
            {
                e.UriScheme = "tcp";
                e.Transport = "tcp";
                e.TargetPort = HealthPort;
                e.IsExternal = false;
                // Only the platform's probes call it: references to the service never hand it out.
                e.ExcludeReferenceEndpoint = true;
            }, createIfNotExists: true)
            .WithEnvironment($"Kestrel__Endpoints__{HealthEndpoint}__Url", HealthUrl)
            .WithEnvironment($"Kestrel__Endpoints__{HealthEndpoint}__Protocols", "Http1")
            .WithHealthProbes(HealthEndpoint);
    }

    // Liveness: the process answers (/alive, the "live" checks only); readiness: its stores answer too (/health).
    // Aspire's WithHttpProbe refuses a tcp endpoint, so the annotations are added as it would add them.
    private static IResourceBuilder<ProjectResource> WithHealthProbes(this IResourceBuilder<ProjectResource> service, string endpoint) =>
        service
            .WithAnnotation(new EndpointProbeAnnotation
            {
                Type = ProbeType.Liveness, EndpointReference = service.GetEndpoint(endpoint), Path = "/alive",
                InitialDelaySeconds = 5, PeriodSeconds = 10, TimeoutSeconds = 5, FailureThreshold = 3, SuccessThreshold = 1
            })
            .WithAnnotation(new EndpointProbeAnnotation
            {
                Type = ProbeType.Readiness, EndpointReference = service.GetEndpoint(endpoint), Path = "/health",
                InitialDelaySeconds = 5, PeriodSeconds = 10, TimeoutSeconds = 5, FailureThreshold = 3, SuccessThreshold = 1
            });

    /// <summary>
    /// A gRPC peer, called as <c>http://_grpc.&lt;peer&gt;</c>: its <c>grpc</c> endpoint locally; published, its one endpoint
    /// (HTTP/2 behind the ingress) under the same service-discovery name, so the caller's address never changes.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGrpcPeer(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> peer)
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return service.WithReference(peer.GetEndpoint(GrpcEndpoint));
        }

        return service
            .WithReference(peer)
            .WithEnvironment($"services__{peer.Resource.Name}__{GrpcEndpoint}__0", peer.GetEndpoint("http"));
    }
}
