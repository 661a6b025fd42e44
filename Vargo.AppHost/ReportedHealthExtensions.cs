using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vargo.AppHost;

/// <summary>
/// Aspire's HTTP health probe counts any 200 as Healthy, so a service whose <c>/health</c> reports Degraded (Recommendation
/// while its catalog back-fill runs) would look green. This check reads the status the service reports in the body of
/// <c>/health</c> (ASP.NET Core's default writer: <c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>) and hands it to the
/// dashboard as is. Resources that wait for this one wait until it is Healthy.
/// </summary>
public static class ReportedHealthExtensions
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static IResourceBuilder<ProjectResource> WithReportedHealth(this IResourceBuilder<ProjectResource> service, string why)
    {
        var endpoint = service.GetEndpoint("http");
        var key = $"{service.Resource.Name}_reported_health";
        service.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                using var response = await Client.GetAsync(new Uri(new Uri(endpoint.Url), "/health"), cancellationToken);
                var status = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
                return status switch
                {
                    "Healthy" => HealthCheckResult.Healthy(),
                    "Degraded" => HealthCheckResult.Degraded(why),
                    _ => HealthCheckResult.Unhealthy($"/health answered {(int)response.StatusCode} {status}")
                };
            }
            catch (HttpRequestException ex)
            {
                return HealthCheckResult.Unhealthy("/health did not answer", ex);
            }
        });
        return service.WithHealthCheck(key);
    }
}
