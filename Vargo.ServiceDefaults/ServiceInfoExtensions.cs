using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

public sealed record ServiceInfo(string Name, string Version);

public static class ServiceInfoExtensions
{
    /// <summary>Maps <c>GET {group}/info</c>: the service's name and version, public, for smoke checks through the gateway.</summary>
    public static RouteHandlerBuilder MapServiceInfo(this IEndpointRouteBuilder group, string serviceName)
    {
        var version = Assembly.GetEntryAssembly()?
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var info = new ServiceInfo(serviceName, version);

        return group.MapGet("/info", Ok<ServiceInfo> () => TypedResults.Ok(info))
            .WithName($"Get{char.ToUpperInvariant(serviceName[0])}{serviceName[1..]}Info")
            .WithSummary("The service's name and version.")
            .AllowAnonymous();
    }
}
