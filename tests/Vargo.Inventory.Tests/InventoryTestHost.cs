using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Vargo.Inventory.Apis;
using Vargo.Inventory.Data;
using Vargo.Inventory.Extensions;
using Vargo.Inventory.Stock;
using Vargo.Testing;
using InventoryClient = Vargo.Inventory.Grpc.Inventory.InventoryClient;

namespace Vargo.Inventory.Tests;

/// <summary>
/// The real Inventory service (same registrations and endpoints as Program.cs) on loopback ports, against the
/// project's PostgreSQL, Redis and RabbitMQ. A database, a Redis key tag and an exchange of its own per
/// <see cref="InventoryStore"/>, so tests do not share data; two hosts on one store stand for a restart.
/// </summary>
public sealed class InventoryTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private InventoryTestHost(WebApplication app, InventoryStore store, int grpcPort)
    {
        _app = app;
        Store = store;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        Client = new InventoryClient(_channel);
    }

    public InventoryStore Store { get; }

    public InventoryClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public AdjustableTimeProvider Time => (AdjustableTimeProvider)_app.Services.GetRequiredService<TimeProvider>();

    public InventoryOptions Options => _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InventoryOptions>>().Value;

    public IDatabase Redis => _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public static async Task<InventoryStore> CreateStoreAsync(LocalServers servers) => new(
        await servers.CreateDatabaseAsync("inventory"),
        await servers.GetConnectionStringAsync(LocalServers.Redis),
        await servers.GetConnectionStringAsync(LocalServers.RabbitMQ),
        "t" + Guid.NewGuid().ToString("N")[..10]);

    public static async Task<InventoryTestHost> StartAsync(InventoryStore store, IDictionary<string, string?>? settings = null)
    {
        var grpcPort = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:inventorydb"] = store.Database,
            ["ConnectionStrings:redis"] = store.Redis,
            ["ConnectionStrings:messaging"] = store.Messaging,
            ["Messaging:OutboxPollInterval"] = "00:00:01",
            ["Inventory:RedisKeyTag"] = store.KeyTag,
            // The project's hosts share one broker: an exchange and queues of the store's own keep their events apart.
            ["Messaging:Exchange"] = $"vargo-{store.KeyTag}",
            ["Messaging:ServiceName"] = $"inventory-{store.KeyTag}",
            ["Inventory:SeedDemoStock"] = "false",
            ["Inventory:ExpiryInterval"] = "01:00:00",
            ["Identity:Url"] = "http://127.0.0.1:9",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new AdjustableTimeProvider()));

        var app = builder.Build();
        app.MapInventoryApi();
        await app.StartAsync();
        return new InventoryTestHost(app, store, grpcPort);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DI scope (as a request would).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record InventoryStore(string Database, string Redis, string Messaging, string KeyTag);

/// <summary>System time plus an offset the test moves forward (timers stay real).</summary>
public sealed class AdjustableTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
