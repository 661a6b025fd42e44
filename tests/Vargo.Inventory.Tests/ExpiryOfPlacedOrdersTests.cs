extern alias OrdersService;

using Microsoft.Extensions.DependencyInjection;
using Vargo.Inventory.Data;
using Vargo.Inventory.Grpc;
using Vargo.Inventory.Stock;
using Vargo.Testing;
using Vargo.Testing.Hosting;
using OrdersDbContext = OrdersService::Vargo.Orders.Data.OrdersDbContext;
using OrdersProgram = OrdersService::Program;
using Ordering = OrdersService::Vargo.Orders.Ordering;

namespace Vargo.Inventory.Tests;

/// <summary>
/// The checkout's final commit is asynchronous (Orders' OrderPlaced event, Orders README "Checkout protocol"): the event
/// may reach Inventory after the reservation's TTL (the broker or this consumer down for a while). The expiry sweep asks
/// the real Orders service (protos/orders.proto over gRPC) before it releases anything, so a Placed order's units are
/// committed, never expired and sold again.
/// </summary>
public sealed class ExpiryOfPlacedOrdersTests(AllServersFixture fixture)
{
    [Fact]
    public async Task A_placed_order_whose_OrderPlaced_is_late_keeps_its_units_past_the_ttl_and_they_are_not_sold_again()
    {
        await using var orders = await StartOrdersAsync();
        var placed = await SaveOrderAsync(orders, Ordering.OrderStatus.Placed);
        var paying = await SaveOrderAsync(orders, Ordering.OrderStatus.PaymentAuthorized);
        var cancelled = await SaveOrderAsync(orders, Ordering.OrderStatus.Cancelled);
        var notAnOrder = Guid.NewGuid();
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers), AskingOrders(orders.GrpcAddress!));
        await host.SetStockAsync("LATE-1", 4);
        foreach (var order in new[] { placed, paying, cancelled, notAnOrder })
        {
            var request = ReservationLifecycleTests.Reserve(order, ("LATE-1", 1));
            request.Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(1));
            Assert.True((await host.Client.ReserveStockAsync(request, cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        }

        // Every TTL has run out and no OrderPlaced came (the broker is down, as far as Inventory can tell).
        host.Time.Offset = TimeSpan.FromMinutes(2);
        var expired = await host.InScopeAsync(sp => sp.GetRequiredService<ReservationService>().ExpireDueAsync(CancellationToken.None));

        Assert.Equal(2, expired);
        var ledger = await host.LedgerAsync("LATE-1");
        Assert.Equal(1, Assert.Single(ledger, e => e.OrderId == placed && e.Kind == LedgerEntryKind.Commit).Quantity);
        Assert.DoesNotContain(ledger, e => e.OrderId == placed && e.Kind == LedgerEntryKind.Expire);
        Assert.DoesNotContain(ledger, e => e.OrderId == paying && e.Kind != LedgerEntryKind.Reserve);
        Assert.Single(ledger, e => e.OrderId == cancelled && e.Kind == LedgerEntryKind.Expire);
        Assert.Single(ledger, e => e.OrderId == notAnOrder && e.Kind == LedgerEntryKind.Expire);
        // 4 on hand − 1 sold − 1 still held for the checkout that is paying: 2 left, in Redis and in the ledger.
        Assert.Equal(2, await host.AvailableAsync("LATE-1"));
        Assert.Equal(2, await host.LedgerAvailableAsync("LATE-1"));
        var greedy = ReservationLifecycleTests.Reserve(Guid.NewGuid(), ("LATE-1", 3));
        Assert.False((await host.Client.ReserveStockAsync(greedy, cancellationToken: TestContext.Current.CancellationToken)).Reserved);

        // The late OrderPlaced arrives at last: its commit finds the sale done and changes nothing.
        var late = await host.InScopeAsync(sp => sp.GetRequiredService<ReservationService>().CommitAsync(placed, "order-placed", CancellationToken.None));
        Assert.Equal(CloseResult.Applied, late);
        Assert.Single(await host.LedgerAsync("LATE-1"), e => e.OrderId == placed && e.Kind == LedgerEntryKind.Commit);
        Assert.Equal(2, await host.AvailableAsync("LATE-1"));
    }

    [Fact]
    public async Task While_Orders_cannot_answer_no_due_reservation_expires()
    {
        // Nothing listens on port 9: every question to Orders fails.
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers),
            AskingOrders(new Uri("http://127.0.0.1:9")));
        await host.SetStockAsync("LATE-2", 1);
        var order = Guid.NewGuid();
        var request = ReservationLifecycleTests.Reserve(order, ("LATE-2", 1));
        request.Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(1));
        Assert.True((await host.Client.ReserveStockAsync(request, cancellationToken: TestContext.Current.CancellationToken)).Reserved);

        host.Time.Offset = TimeSpan.FromMinutes(2);
        var expired = await host.InScopeAsync(sp => sp.GetRequiredService<ReservationService>().ExpireDueAsync(CancellationToken.None));

        Assert.Equal(0, expired);
        Assert.Equal(0, await host.AvailableAsync("LATE-2"));
        Assert.DoesNotContain(await host.LedgerAsync("LATE-2"), e => e.Kind == LedgerEntryKind.Expire);
        var commit = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = order.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(CommitStatus.Committed, commit.Status);
    }

    private static Dictionary<string, string?> AskingOrders(Uri ordersGrpc) => new()
    {
        ["Inventory:ExpiryAsksOrders"] = "true",
        ["services:orders:grpc:0"] = ordersGrpc.ToString(),
    };

    /// <summary>The real Orders service on Kestrel, on a database and exchange of its own (its workers run, idle).</summary>
    private async Task<ServiceHost<OrdersProgram>> StartOrdersAsync()
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        var orders = new ServiceHost<OrdersProgram>()
            .WithEnvironment("Testing")
            .WithSetting("ConnectionStrings:ordersdb", await fixture.Servers.CreateDatabaseAsync("orders", TestContext.Current.CancellationToken))
            .WithSetting("ConnectionStrings:messaging", await fixture.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken))
            .WithSetting("Messaging:Exchange", $"vargo-{tag}")
            .WithSetting("Messaging:ServiceName", $"orders-{tag}")
            .WithSetting("Identity:Url", "http://127.0.0.1:9");
        orders.StartOnKestrel();
        return orders;
    }

    private static async Task<Guid> SaveOrderAsync(ServiceHost<OrdersProgram> orders, Ordering.OrderStatus status)
    {
        await using var scope = orders.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var now = DateTimeOffset.UtcNow;
        var order = new Ordering.Order
        {
            Id = Guid.CreateVersion7(),
            CustomerId = Guid.NewGuid(),
            CustomerEmail = "ada@example.com",
            Status = status,
            Currency = "EUR",
            Total = 10m,
            Items = [new Ordering.OrderItem { ProductId = Guid.NewGuid(), Sku = "LATE-1", Name = "Late", Quantity = 1, UnitPrice = 10m }],
            ShippingAddress = new Ordering.ShippingAddress("Ada", "1 Way", null, "London", "N1", "GB"),
            IdempotencyKey = Guid.NewGuid().ToString(),
            RequestHash = "h",
            CreatedAt = now,
            UpdatedAt = now,
            // A live lease: Orders' recovery worker leaves the open one alone during the test.
            LeaseUntil = now.AddHours(1),
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return order.Id;
    }
}
