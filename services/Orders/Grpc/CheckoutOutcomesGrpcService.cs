using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Vargo.Orders.Data;
using Vargo.Orders.Grpc;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Grpc;

/// <summary>
/// protos/orders.proto: what became of each checkout, read from the orders table. Inventory asks before it lets a
/// reservation expire, so a Placed order whose OrderPlaced event is still on its way is committed, not released.
/// Internal (gRPC endpoint only, like Inventory's and Payment's); it answers statuses, nothing about the customer.
/// </summary>
public sealed class CheckoutOutcomesGrpcService(OrdersDbContext db) : CheckoutOutcomes.CheckoutOutcomesBase
{
    /// <summary>Upper bound of ids per call (Inventory's expiry asks for at most 200 at a time).</summary>
    public const int MaxOrderIds = 500;

    public override async Task<GetCheckoutOutcomesReply> GetCheckoutOutcomes(GetCheckoutOutcomesRequest request, ServerCallContext context)
    {
        if (request.OrderIds.Count > MaxOrderIds)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"order_ids: at most {MaxOrderIds} per call."));
        }
        var ids = request.OrderIds.Select(id => Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var statuses = await db.Orders.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Status })
            .ToDictionaryAsync(o => o.Id, o => o.Status, context.CancellationToken);

        var reply = new GetCheckoutOutcomesReply();
        foreach (var id in request.OrderIds)
        {
            reply.Outcomes.Add(new OrderCheckoutOutcome
            {
                OrderId = id,
                Outcome = Guid.TryParse(id, out var parsed) && statuses.TryGetValue(parsed, out var status) ? OutcomeOf(status) : CheckoutOutcome.Unknown,
            });
        }
        return reply;
    }

    private static CheckoutOutcome OutcomeOf(OrderStatus status) => status switch
    {
        OrderStatus.Pending or OrderStatus.StockReserved or OrderStatus.PaymentAuthorized => CheckoutOutcome.Open,
        // A refund after the checkout does not undo the sale's stock movement: the checkout placed the order.
        OrderStatus.Placed or OrderStatus.Shipped or OrderStatus.Refunded => CheckoutOutcome.Placed,
        _ => CheckoutOutcome.Ended,
    };
}
