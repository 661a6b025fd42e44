using Vargo.Inventory.Stock;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Inventory.Events;

/// <summary>
/// An order was placed (stock reserved, payment captured): its units are sold. The commit runs in its own scope and
/// transaction (the write protocol needs its own transaction around the ledger lock); it is idempotent by order id,
/// so a redelivery after a crash between it and the inbox commit has no second effect.
/// </summary>
public sealed class CommitReservationWhenOrderPlaced(IServiceScopeFactory scopes, ILogger<CommitReservationWhenOrderPlaced> logger)
    : IIntegrationEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ReservationService>()
            .CommitAsync(@event.OrderId, "order-placed", cancellationToken);
        if (!result.IsApplied)
        {
            // Not an error to retry: the order holds no open reservation (never reserved here, or released/expired first).
            logger.LogWarning("OrderPlaced {OrderId}: nothing to commit ({State})", @event.OrderId, result.State?.ToString() ?? "no reservation");
        }
    }
}
