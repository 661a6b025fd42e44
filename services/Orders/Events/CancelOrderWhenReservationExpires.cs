using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Orders.Checkout;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Events;

/// <summary>
/// Inventory let an order's reservation expire: an order that is not paid yet can no longer be fulfilled, so
/// it is cancelled (any hold voided). Paid and finished orders, and redeliveries, are left alone.
/// </summary>
public sealed class CancelOrderWhenReservationExpires(OrderLease lease, CheckoutSaga saga, TimeProvider time)
    : IIntegrationEventHandler<StockReservationExpired>
{
    public async Task HandleAsync(StockReservationExpired @event, CancellationToken cancellationToken)
    {
        if (await lease.ClaimAsync(@event.OrderId, cancellationToken) is { } order)
        {
            await saga.CompensateAsync(order, OrderStatus.Cancelled, "reservation_expired",
                "The stock reservation expired before payment completed. Nothing was charged.", new ServerTiming(time));
        }
    }
}
