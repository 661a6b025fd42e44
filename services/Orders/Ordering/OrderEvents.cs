using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Orders.Data;

namespace Vargo.Orders.Ordering;

/// <summary>Puts OrderPlaced / OrderCancelled into the outbox, in the transaction that changes the order.</summary>
public sealed class OrderEvents(OrdersDbContext db)
{
    public void Placed(Order order, DateTimeOffset at) =>
        db.AddIntegrationEvent(new OrderPlaced(order.Id, order.CustomerId, order.CustomerEmail, Lines(order), order.Total, order.Currency)
        {
            OccurredAt = at
        });

    public void Cancelled(Order order, string reason, DateTimeOffset at) =>
        db.AddIntegrationEvent(new OrderCancelled(order.Id, order.CustomerId, order.CustomerEmail, reason, Lines(order))
        {
            OccurredAt = at
        });

    private static List<OrderLine> Lines(Order order) =>
        order.Items.Select(i => new OrderLine(i.ProductId, i.Sku, i.Name, i.Quantity, i.UnitPrice)).ToList();
}
