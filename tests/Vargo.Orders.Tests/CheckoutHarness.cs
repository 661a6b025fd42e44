extern alias PaymentService;

using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vargo.Orders.Cart;
using Vargo.Orders.Catalog;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;
using Vargo.Testing;
using Vargo.Testing.Hosting;
using PaymentMetrics = PaymentService::Vargo.Payment.Payments.PaymentMetrics;

namespace Vargo.Orders.Tests;

/// <summary>
/// The Orders service's checkout on a real, migrated ordersdb, with the real Payment code on its own real
/// paymentsdb, and the catalog and inventory scripted per test.
/// </summary>
public sealed class CheckoutHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CheckoutHarness(ServiceProvider services, RealPaymentPeer payment)
    {
        _services = services;
        Payment = payment;
    }

    public ScriptedCatalog Catalog { get; } = new();
    public ScriptedInventory Inventory { get; } = new();
    public RealPaymentPeer Payment { get; }

    /// <summary>Set <see cref="CrashingFaultInjector.CrashAt"/> to a <see cref="CheckoutFaults"/> point: the saga stops there as if killed.</summary>
    public CrashingFaultInjector Faults { get; } = new();

    /// <param name="checkout">Settings of <see cref="CheckoutOptions"/> a test pins (defaults otherwise).</param>
    public static async Task<CheckoutHarness> CreateAsync(PostgresFixture fixture, Action<CheckoutOptions>? checkout = null)
    {
        var orders = await fixture.Servers.CreateDatabaseAsync("orders");
        var paymentsDb = await fixture.Servers.CreateDatabaseAsync("payments");

        var services = new ServiceCollection();
        CheckoutHarness? harness = null;
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        var statusFeed = new OrderStatusFeed();
        services.AddSingleton(statusFeed);
        services.AddDbContext<OrdersDbContext>(o => o.UseNpgsql(orders).AddInterceptors(new OrderStatusNotifier(statusFeed)));
        services.Configure<CheckoutOptions>(o => checkout?.Invoke(o));
        // A no-op until a test sets Faults.CrashAt.
        services.AddSingleton<IFaultInjector>(sp => harness!.Faults);
        services.AddSingleton(_ => new Vargo.Catalog.Grpc.Catalog.CatalogClient(new LoopbackCallInvoker((m, b) => harness!.Catalog.HandleAsync(m, b))));
        services.AddSingleton(_ => new Vargo.Inventory.Grpc.Inventory.InventoryClient(new LoopbackCallInvoker((m, b) => harness!.Inventory.HandleAsync(m, b))));
        services.AddSingleton(_ => new Vargo.Payment.Grpc.Payments.PaymentsClient(new LoopbackCallInvoker((m, b) => harness!.Payment.HandleAsync(m, b))));
        services.AddMetrics();
        services.AddSingleton<OrdersMetrics>();
        services.AddSingleton<PaymentMetrics>();
        services.AddScoped<CatalogPrices>();
        services.AddScoped<SagaSteps>();
        services.AddScoped<OrderEvents>();
        services.AddScoped<CheckoutKeys>();
        services.AddScoped<CheckoutSaga>();
        services.AddScoped<OrderLease>();
        services.AddScoped<OrderChanges>();
        services.AddSingleton<RecoveryWorker>();
        var provider = services.BuildServiceProvider();
        var payment = new RealPaymentPeer(paymentsDb, provider.GetRequiredService<PaymentMetrics>());
        await payment.MigrateAsync();
        harness = new CheckoutHarness(provider, payment);

        await using var db = harness.NewDbContext();
        await db.Database.MigrateAsync();
        return harness;
    }

    public OrdersDbContext NewDbContext() => _services.CreateScope().ServiceProvider.GetRequiredService<OrdersDbContext>();

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> call)
    {
        await using var scope = _services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    /// <summary>This harness's own meter factory: a collector on it sees this harness's Orders and Payment metrics only.</summary>
    public IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public RecoveryWorker Recovery => _services.GetRequiredService<RecoveryWorker>();

    /// <summary>A product the catalog sells and inventory stocks.</summary>
    public string Stock(int units, decimal price = 10m)
    {
        var sku = $"SKU-{Guid.NewGuid():N}"[..16];
        Catalog.Products[sku] = (Guid.NewGuid(), $"Product {sku}", price);
        Inventory.Available[sku] = units;
        return sku;
    }

    public async Task FillCartAsync(Guid customerId, params (string Sku, int Quantity)[] lines)
    {
        await using var db = NewDbContext();
        foreach (var (sku, quantity) in lines)
        {
            db.CartLines.Add(new CartLine { CustomerId = customerId, Sku = sku, Quantity = quantity, AddedAt = TimeProvider.System.GetUtcNow() });
        }
        await db.SaveChangesAsync();
    }

    public Task<CheckoutResult> CheckoutAsync(Guid customerId, string card = "4242424242424242", string? key = null)
    {
        var request = Request(card);
        key ??= Guid.NewGuid().ToString();
        return InScopeAsync(sp => sp.GetRequiredService<CheckoutSaga>().StartAsync(
            customerId, "ada@example.com", key, request.Hash(key), request, new ServerTiming(TimeProvider.System), CancellationToken.None));
    }

    /// <summary>Claims the key for <see cref="CheckoutAsync"/>'s default request, as a request that is still running would.</summary>
    public async Task<KeyClaim> ClaimKeyAsync(Guid customerId, string key) =>
        (await InScopeAsync(sp => sp.GetRequiredService<CheckoutKeys>().ClaimAsync(customerId, key, Request("4242424242424242").Hash(key), CancellationToken.None))).Claim;

    private static CheckoutRequest Request(string card) => new(
        new AddressInput("Ada Lovelace", "1 Analytical Way", null, "London", "N1 9GU", "GB"),
        new CardInput(card, 12, 2034, "123", "Ada Lovelace"));

    public async Task<Order> OrderAsync(Guid orderId)
    {
        await using var db = NewDbContext();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
    }

    /// <summary>As if the request driving the order died long ago: its lease has run out.</summary>
    public async Task ExpireLeaseAsync(Guid orderId)
    {
        await using var db = NewDbContext();
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseUntil, DateTimeOffset.UnixEpoch));
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
