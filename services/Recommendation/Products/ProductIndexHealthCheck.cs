using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Products;

/// <summary>Ready once the stored vectors are loaded; the dashboard shows how many products are searchable.</summary>
public sealed class ProductIndexHealthCheck(ProductDirectory directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(directory.IsLoaded
            ? HealthCheckResult.Healthy($"{directory.Count} products searchable ({directory.Vectors.Kind})")
            : HealthCheckResult.Unhealthy("Loading product vectors"));
}
