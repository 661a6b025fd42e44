using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Orders.Checkout;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Events;

/// <summary>
/// PaymentFailed for an order still open and no longer driven by its checkout (a crashed saga): give back
/// stock and any hold, end it PaymentFailed. A redelivery, or the event of a checkout that already ended the
/// order itself, finds nothing to claim and has no effect.
/// </summary>
public sealed class CancelOrderWhenPaymentFails(OrderLease lease, CheckoutSaga saga, TimeProvider time) : IIntegrationEventHandler<PaymentFailed>
{
    public async Task HandleAsync(PaymentFailed @event, CancellationToken cancellationToken)
    {
        if (await lease.ClaimAsync(@event.OrderId, cancellationToken) is { } order)
        {
            await saga.CompensateAsync(order, OrderStatus.PaymentFailed, @event.ReasonCode, @event.Reason, new ServerTiming(time));
        }
    }
}
