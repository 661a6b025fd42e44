using Grpc.Core;
using Vargo.Orders.Grpc;

namespace Vargo.Inventory.Stock;

/// <summary>What became of the checkout that holds a reservation, as Orders (the saga's owner) says.</summary>
public enum CheckoutState
{
    /// <summary>Orders does not know the order (a reservation made by another caller): nothing to protect.</summary>
    Unknown,
    /// <summary>The checkout still runs or waits for Orders' recovery, which places or compensates it.</summary>
    Open,
    /// <summary>Sold: the reservation must be committed, never released.</summary>
    Placed,
    /// <summary>Cancelled or payment failed: nothing stays sold.</summary>
    Ended,
}

/// <summary>
/// Asked by the expiry sweep before it releases due reservations: with the checkout's final commit asynchronous (the
/// OrderPlaced event), a late event must not let a Placed order's units expire and be sold again.
/// </summary>
public interface ICheckoutOutcomes
{
    /// <summary>The state of each order; throws <see cref="RpcException"/> when Orders cannot answer (then nothing expires).</summary>
    Task<IReadOnlyDictionary<Guid, CheckoutState>> GetAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken);
}

/// <summary>protos/orders.proto on Orders' gRPC endpoint (http://_grpc.orders).</summary>
public sealed class OrdersCheckoutOutcomes(CheckoutOutcomes.CheckoutOutcomesClient orders, TimeProvider time) : ICheckoutOutcomes
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyDictionary<Guid, CheckoutState>> GetAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken)
    {
        var request = new GetCheckoutOutcomesRequest { OrderIds = { orderIds.Select(id => id.ToString()) } };
        var reply = await orders.GetCheckoutOutcomesAsync(request, deadline: time.GetUtcNow().UtcDateTime + Deadline, cancellationToken: cancellationToken);
        return reply.Outcomes.ToDictionary(o => Guid.Parse(o.OrderId), o => o.Outcome switch
        {
            CheckoutOutcome.Open => CheckoutState.Open,
            CheckoutOutcome.Placed => CheckoutState.Placed,
            CheckoutOutcome.Ended => CheckoutState.Ended,
            _ => CheckoutState.Unknown,
        });
    }
}

/// <summary>
/// Inventory run without Orders (<see cref="InventoryOptions.ExpiryAsksOrders"/> off: its own tests, a stock-only
/// deployment): no reservation belongs to a checkout, every due one expires as its TTL says.
/// </summary>
public sealed class NoCheckoutOutcomes : ICheckoutOutcomes
{
    public Task<IReadOnlyDictionary<Guid, CheckoutState>> GetAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, CheckoutState>>(orderIds.ToDictionary(id => id, _ => CheckoutState.Unknown));
}
