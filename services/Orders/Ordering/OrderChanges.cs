using Microsoft.EntityFrameworkCore;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;

namespace Vargo.Orders.Ordering;

public enum OrderChangeOutcome
{
    Done,
    NotFound,
    /// <summary>The order's state forbids the change (shipped, still checking out, already ended).</summary>
    Conflict
}

/// <summary>
/// Changes to a placed order. Each runs in a transaction holding the order's row lock, so a cancel and a
/// "mark shipped" never both win: whichever locks first decides, the other sees the new state.
/// </summary>
public sealed class OrderChanges(OrdersDbContext db, SagaSteps steps, OrderEvents events, OrderStatusFeed statusFeed, OrdersMetrics metrics, TimeProvider time)
{
    private const string CancelledByCustomer = "cancelled_by_customer";

    /// <summary>The customer cancels before shipment: refund, release the stock, OrderCancelled.</summary>
    public async Task<(OrderChangeOutcome, Order?)> CancelAsync(Guid orderId, Guid customerId, CancellationToken cancellationToken)
    {
        var cancelledNow = false;
        var result = await ChangeAsync(orderId, customerId, async order =>
        {
            if (order.Status == OrderStatus.Cancelled)
            {
                return OrderChangeOutcome.Done;
            }
            if (order.Status != OrderStatus.Placed)
            {
                return OrderChangeOutcome.Conflict;
            }
            await steps.ReturnMoneyAsync(order);
            await steps.ReleaseStockAsync(order);
            var now = time.GetUtcNow();
            order.Status = OrderStatus.Cancelled;
            order.FailureCode = CancelledByCustomer;
            order.FailureReason = "Cancelled at your request; the payment was refunded.";
            order.UpdatedAt = now;
            events.Cancelled(order, CancelledByCustomer, now);
            cancelledNow = true;
            return OrderChangeOutcome.Done;
        }, cancellationToken);
        // Counted once committed; a repeated cancel of an already cancelled order is not a second cancellation.
        if (cancelledNow)
        {
            metrics.Cancelled(OrderStatus.Cancelled, CancelledByCustomer);
        }
        return result;
    }

    public Task<(OrderChangeOutcome, Order?)> MarkShippedAsync(Guid orderId, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, customerId: null, order =>
        {
            if (order.Status == OrderStatus.Shipped)
            {
                return Task.FromResult(OrderChangeOutcome.Done);
            }
            if (order.Status != OrderStatus.Placed)
            {
                return Task.FromResult(OrderChangeOutcome.Conflict);
            }
            var now = time.GetUtcNow();
            order.Status = OrderStatus.Shipped;
            order.ShippedAt = now;
            order.UpdatedAt = now;
            return Task.FromResult(OrderChangeOutcome.Done);
        }, cancellationToken);

    private async Task<(OrderChangeOutcome, Order?)> ChangeAsync(Guid orderId, Guid? customerId,
        Func<Order, Task<OrderChangeOutcome>> change, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The owner is part of the query: someone else's order is indistinguishable from a missing one.
            var order = (await db.Orders.FromSql($"""SELECT * FROM orders WHERE "Id" = {orderId} FOR UPDATE""")
                .Where(o => customerId == null || o.CustomerId == customerId)
                .ToListAsync(cancellationToken)).SingleOrDefault();
            if (order is null)
            {
                return (OrderChangeOutcome.NotFound, (Order?)null);
            }
            var outcome = await change(order);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            // The save inside the transaction woke watchers before the commit; wake them again to read the result.
            statusFeed.Notify(order.Id);
            return (outcome, (Order?)order);
        });
    }
}
