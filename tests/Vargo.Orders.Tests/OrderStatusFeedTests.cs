using Microsoft.Extensions.DependencyInjection;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;
using Vargo.Testing;

namespace Vargo.Orders.Tests;

/// <summary>The status stream behind <c>GET /api/orders/{id}/events</c>, on a real PostgreSQL ordersdb.</summary>
public sealed class OrderStatusFeedTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_watcher_sees_placed_then_cancelled_and_the_stream_ends()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(2), 1));
        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var statuses = await harness.InScopeAsync(async sp =>
        {
            var seen = new List<string>();
            await foreach (var status in sp.GetRequiredService<OrderStatusFeed>()
                .WatchAsync(sp.GetRequiredService<OrdersDbContext>(), TimeProvider.System, order.Id, customer, timeout.Token))
            {
                seen.Add(status.Status);
                if (status.Status == nameof(OrderStatus.Placed))
                {
                    // Cancelled by another request while this one watches.
                    await harness.InScopeAsync(other => other.GetRequiredService<OrderChanges>().CancelAsync(order.Id, customer, timeout.Token));
                }
            }
            return seen;
        });

        Assert.Equal(["Placed", "Cancelled"], statuses);
    }

    [Fact]
    public async Task Someone_elses_order_streams_nothing()
    {
        await using var harness = await CheckoutHarness.CreateAsync(fixture);
        var customer = Guid.NewGuid();
        await harness.FillCartAsync(customer, (harness.Stock(2), 1));
        var order = Assert.IsType<CheckoutResult.Finished>(await harness.CheckoutAsync(customer)).Order;

        var count = await harness.InScopeAsync(async sp => await sp.GetRequiredService<OrderStatusFeed>()
            .WatchAsync(sp.GetRequiredService<OrdersDbContext>(), TimeProvider.System, order.Id, Guid.NewGuid(), CancellationToken.None).CountAsync());

        Assert.Equal(0, count);
    }
}
