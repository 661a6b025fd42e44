using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vargo.Messaging.Consuming;

/// <summary>
/// Readiness of this service's consumer, part of <c>/health</c> (not <c>/alive</c>): unhealthy until the consumer has
/// declared its queue and bindings and started consuming, healthy from then on (RabbitMQ.Client's recovery restores them
/// after a broker restart; the connection's own check reports the outage). An event published to the topic exchange reaches
/// only the queues bound at that moment, so an app whose services all report healthy is one where every consumer's queue
/// is bound: a product created then reaches the search index, an order placed then reaches Notification. A service with
/// no consumers is always ready.
/// </summary>
internal sealed class ConsumerReadiness(ConsumerRegistry registry) : IHealthCheck
{
    private volatile bool _consuming;

    /// <summary>Called by the consumer once its queues are declared and bound and it consumes.</summary>
    public void MarkConsuming() => _consuming = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsEmpty || _consuming
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The event consumer has not declared its queue and bindings yet."));
}
