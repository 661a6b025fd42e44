using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Products;

/// <summary>
/// Unhealthy until the stored vectors are loaded, Degraded (searchable, but the catalog back-fill is still running:
/// "back-fill 400/1200 products") until the back-fill is done; the Aspire dashboard shows the description.
/// </summary>
public sealed class ProductIndexHealthCheck(ProductDirectory directory, BackfillProgress backfill) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!directory.IsLoaded ? HealthCheckResult.Unhealthy("Loading product vectors")
            : backfill.Completed ? HealthCheckResult.Healthy($"{directory.Count} products searchable ({directory.Vectors.Kind}); {backfill.Describe()}")
            : HealthCheckResult.Degraded($"{directory.Count} products searchable ({directory.Vectors.Kind}); {backfill.Describe()}"));
}
