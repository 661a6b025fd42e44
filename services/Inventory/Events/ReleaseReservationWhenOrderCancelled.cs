using Vargo.Inventory.Stock;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Inventory.Events;

/// <summary>
/// An order was cancelled: an open reservation returns its units (a committed one stays sold: returns are a restock).
/// Own scope and transaction, idempotent by order id, like <see cref="CommitReservationWhenOrderPlaced"/>.
/// </summary>
public sealed class ReleaseReservationWhenOrderCancelled(IServiceScopeFactory scopes) : IIntegrationEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled @event, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReservationService>()
            .ReleaseAsync(@event.OrderId, "order-cancelled", cancellationToken);
    }
}
