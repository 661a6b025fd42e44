using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Events;

/// <summary>
/// PaymentRefunded: records what was given back on the order. A placed (or shipped) order refunded in full becomes
/// <see cref="OrderStatus.Refunded"/>, so it can no longer be shipped or cancelled; a partial refund keeps the status.
/// Orders' own compensation refunds (the order is being or has been Cancelled/PaymentFailed, or is still checking out)
/// only record the amount: the saga decides those orders' status. The row lock serializes this with a cancel or a
/// "mark shipped" in flight; the inbox makes it run once per event, and the running total makes a late or repeated
/// event harmless anyway.
/// </summary>
public sealed class RecordRefundWhenPaymentRefunded(OrdersDbContext db, TimeProvider time, ILogger<RecordRefundWhenPaymentRefunded> logger)
    : IIntegrationEventHandler<PaymentRefunded>
{
    public async Task HandleAsync(PaymentRefunded @event, CancellationToken cancellationToken)
    {
        var order = (await db.Orders.FromSql($"""SELECT * FROM orders WHERE "Id" = {@event.OrderId} FOR UPDATE""")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (order is null)
        {
            logger.LogWarning("PaymentRefunded for unknown order {OrderId} ignored", @event.OrderId);
            return;
        }
        // Never added to or compared with an amount of another currency.
        if (!string.Equals(order.Currency, @event.Currency, StringComparison.Ordinal))
        {
            logger.LogWarning("PaymentRefunded in {Currency} for order {OrderId} in {OrderCurrency} ignored", @event.Currency, order.Id, order.Currency);
            return;
        }

        var changed = false;
        if (@event.TotalRefunded > order.RefundedAmount)
        {
            order.RefundedAmount = @event.TotalRefunded;
            changed = true;
        }
        if (@event.FullyRefunded && order.Status is (OrderStatus.Placed or OrderStatus.Shipped) && @event.PaymentId == order.PaymentId)
        {
            order.Status = OrderStatus.Refunded;
            changed = true;
        }
        if (changed)
        {
            order.UpdatedAt = time.GetUtcNow();
        }
    }
}
