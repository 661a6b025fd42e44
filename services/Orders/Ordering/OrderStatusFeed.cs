using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Vargo.Orders.Data;

namespace Vargo.Orders.Ordering;

/// <summary>
/// Order status changes for the storefront's Server-Sent Events. A change saved by this process wakes the
/// order's watchers at once (<see cref="OrderStatusNotifier"/> calls <see cref="Notify"/>); a change saved by
/// another replica is seen by reading the order again every <see cref="PollInterval"/>.
/// </summary>
public sealed class OrderStatusFeed
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Sent again without a change now and then, so proxies never close a quiet stream for idleness.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _changes = new();

    public void Notify(Guid orderId)
    {
        if (_changes.TryRemove(orderId, out var change))
        {
            change.TrySetResult();
        }
    }

    /// <summary>
    /// The customer's order status now and after every change, until the order can change no more (Cancelled,
    /// PaymentFailed, Shipped, Refunded), it disappears, or the client goes away.
    /// </summary>
    public async IAsyncEnumerable<OrderStatusView> WatchAsync(OrdersDbContext db, TimeProvider time, Guid orderId, Guid customerId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        OrderStatusView? sent = null;
        var sentAt = time.GetTimestamp();
        TaskCompletionSource? change = null;
        try
        {
            while (true)
            {
                // Taken before reading, so a change saved between the read and the wait still wakes this watcher.
                change = _changes.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
                if (order is null)
                {
                    yield break;
                }
                var view = OrderStatusView.Of(order);
                if (view != sent || time.GetElapsedTime(sentAt) >= KeepAlive)
                {
                    yield return view;
                    sent = view;
                    sentAt = time.GetTimestamp();
                }
                if (order.Status is OrderStatus.Cancelled or OrderStatus.PaymentFailed or OrderStatus.Shipped or OrderStatus.Refunded)
                {
                    yield break;
                }
                try
                {
                    await change.Task.WaitAsync(PollInterval, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Nothing changed here; read again in case another replica changed it.
                }
            }
        }
        finally
        {
            // No entry outlives its watchers (another watcher of the order falls back to reading every second).
            if (change is not null)
            {
                _changes.TryRemove(KeyValuePair.Create(orderId, change));
            }
        }
    }
}
