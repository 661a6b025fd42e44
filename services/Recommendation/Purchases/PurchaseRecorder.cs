using Microsoft.EntityFrameworkCore;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Data;

namespace Vargo.Recommendation.Purchases;

/// <summary>Records the products of a placed order once: the same order seen again (a redelivery) changes nothing.</summary>
public sealed class PurchaseRecorder(RecommendationDbContext db, ILogger<PurchaseRecorder> logger)
{
    public async Task RecordAsync(OrderPlaced order, CancellationToken cancellationToken)
    {
        if (await db.Purchases.AnyAsync(p => p.OrderId == order.OrderId, cancellationToken))
        {
            logger.LogInformation("Order {OrderId} was already recorded", order.OrderId);
            return;
        }

        foreach (var line in order.Lines.GroupBy(l => l.ProductId))
        {
            db.Purchases.Add(new Purchase
            {
                OrderId = order.OrderId,
                ProductId = line.Key,
                CustomerId = order.CustomerId,
                Quantity = line.Sum(l => l.Quantity),
                PurchasedAt = order.OccurredAt,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
