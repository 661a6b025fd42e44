using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using Vargo.Inventory.Data;
using Vargo.Inventory.Stock;
using Vargo.Testing;
using Vargo.Testing.Hosting;
using InventoryClient = Vargo.Inventory.Grpc.Inventory.InventoryClient;

namespace Vargo.Inventory.Tests;

/// <summary>
/// The real Inventory service (its Program on <see cref="ServiceHost{TProgram}"/>, served by Kestrel so gRPC runs on real
/// HTTP/2) against the project's PostgreSQL, Redis and RabbitMQ. A database, a Redis key tag and an exchange of its own
/// per <see cref="InventoryStore"/>, so tests do not share data; two hosts on one store stand for a restart.
/// </summary>
public sealed class InventoryTestHost : IAsyncDisposable
{
    private readonly ServiceHost<Program> _host;
    private readonly GrpcChannel _channel;

    private InventoryTestHost(ServiceHost<Program> host, InventoryStore store, CrashingFaultInjector faults)
    {
        _host = host;
        Store = store;
        Faults = faults;
        _channel = GrpcChannel.ForAddress(host.GrpcAddress!, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        Client = new InventoryClient(_channel);
    }

    public InventoryStore Store { get; }

    /// <summary>This instance's fault injector: set <see cref="CrashingFaultInjector.CrashAt"/> to an <see cref="InventoryFaults"/> point.</summary>
    public CrashingFaultInjector Faults { get; }

    public InventoryClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public AdjustableTimeProvider Time => (AdjustableTimeProvider)Services.GetRequiredService<TimeProvider>();

    public InventoryOptions Options => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InventoryOptions>>().Value;

    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public static async Task<InventoryStore> CreateStoreAsync(LocalServers servers) => new(
        await servers.CreateDatabaseAsync("inventory", TestContext.Current.CancellationToken),
        await servers.GetConnectionStringAsync(LocalServers.Redis, TestContext.Current.CancellationToken),
        await servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken),
        "t" + Guid.NewGuid().ToString("N")[..10]);

    public static Task<InventoryTestHost> StartAsync(InventoryStore store, IDictionary<string, string?>? settings = null)
    {
        var faults = new CrashingFaultInjector();
        var host = new ServiceHost<Program>()
            .WithEnvironment("Testing")
            .WithSetting("ConnectionStrings:inventorydb", store.Database)
            .WithSetting("ConnectionStrings:redis", store.Redis)
            .WithSetting("ConnectionStrings:messaging", store.Messaging)
            .WithSetting("Messaging:OutboxPollInterval", "00:00:01")
            .WithSetting("Inventory:RedisKeyTag", store.KeyTag)
            // The project's hosts share one broker: an exchange and queues of the store's own keep their events apart.
            .WithSetting("Messaging:Exchange", $"vargo-{store.KeyTag}")
            .WithSetting("Messaging:ServiceName", $"inventory-{store.KeyTag}")
            .WithSetting("Inventory:SeedDemoStock", "false")
            .WithSetting("Inventory:ExpiryInterval", "01:00:00")
            .WithSetting("Identity:Url", "http://127.0.0.1:9")
            // No Orders runs beside these hosts: due reservations expire by their TTL alone (ExpiryOfPlacedOrdersTests
            // turns the question to Orders on).
            .WithSetting("Inventory:ExpiryAsksOrders", "false")
            .WithSettings(settings ?? new Dictionary<string, string?>())
            .WithServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new AdjustableTimeProvider())))
            .WithFaults(faults);
        host.StartOnKestrel();
        return Task.FromResult(new InventoryTestHost(host, store, faults));
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DI scope (as a request would).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<AdjustResult> SetStockAsync(string sku, int onHand) =>
        InScopeAsync(sp => sp.GetRequiredService<StockAdjustmentService>().SetAsync(sku, onHand, "test stock", "test", CancellationToken.None));

    public Task<List<LedgerEntry>> LedgerAsync(string? sku = null) =>
        InScopeAsync(sp => sp.GetRequiredService<InventoryDbContext>().Ledger.AsNoTracking()
            .Where(e => sku == null || e.Sku == sku).OrderBy(e => e.Id).ToListAsync());

    /// <summary>Available units computed from the ledger alone (the definition the rebuild uses).</summary>
    public async Task<int> LedgerAvailableAsync(string sku)
    {
        var rows = await LedgerAsync(sku);
        var onHand = rows.Sum(e => e.Kind switch
        {
            LedgerEntryKind.Restock or LedgerEntryKind.Adjust or LedgerEntryKind.Return => e.Quantity,
            LedgerEntryKind.Commit => -e.Quantity,
            _ => 0,
        });
        var open = rows.Sum(e => e.Kind switch
        {
            LedgerEntryKind.Reserve => e.Quantity,
            LedgerEntryKind.Commit or LedgerEntryKind.Release or LedgerEntryKind.Expire => -e.Quantity,
            _ => 0,
        });
        return onHand - open;
    }

    public async Task<int> AvailableAsync(string sku)
    {
        var reply = await Client.GetAvailabilityAsync(new Grpc.GetAvailabilityRequest { Skus = { sku } });
        return reply.Items.Single().Available;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }
}

public sealed record InventoryStore(string Database, string Redis, string Messaging, string KeyTag);

/// <summary>System time plus an offset the test moves forward (timers stay real).</summary>
public sealed class AdjustableTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
