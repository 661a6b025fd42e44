using Grpc.Core;
using Vargo.Inventory.Grpc;

namespace Vargo.Recommendation.Assistant;

/// <summary>Units available per SKU from Inventory (gRPC GetAvailability); null when Inventory cannot be asked right now.</summary>
public sealed class AvailabilityClient(
    Vargo.Inventory.Grpc.Inventory.InventoryClient inventory, TimeProvider timeProvider, ILogger<AvailabilityClient> logger)
{
    public async Task<IReadOnlyDictionary<string, int>?> AvailableAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        try
        {
            var request = new GetAvailabilityRequest();
            request.Skus.AddRange(skus);
            var reply = await inventory.GetAvailabilityAsync(request, deadline: timeProvider.GetUtcNow().AddSeconds(3).UtcDateTime, cancellationToken: cancellationToken);
            return reply.Items.ToDictionary(i => i.Sku, i => i.Available);
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Inventory availability unavailable: {Status}", ex.StatusCode);
            return null;
        }
    }
}
