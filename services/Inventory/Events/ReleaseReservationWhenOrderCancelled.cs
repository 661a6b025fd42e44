using Vargo.Inventory.Stock;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Inventory.Events;

/// <summary>
/// An order was cancelled: an open reservation is released; a committed one (cancelled after the sale, before
/// shipment) has its units put back on stock, once. Own scope and transaction, idempotent by order id, like
/// <see cref="CommitReservationWhenOrderPlaced"/>.
/// </summary>
public sealed class ReleaseReservationWhenOrderCancelled(IServiceScopeFactory scopes) : IIntegrationEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled @event, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReservationService>()
            .CancelOrderAsync(@event.OrderId, "order-cancelled", cancellationToken);
    }
}
