using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Vargo.Inventory.Apis;
using Vargo.Inventory.Extensions;
using Vargo.Hosting.Local;
using Vargo.Testing;

namespace Vargo.Bench.Inventory;

/// <summary>
/// The real Inventory service (Program.cs's registrations and endpoints, production settings) in this process on
/// loopback ports, against the local servers: a database and a Redis key tag of its own.
/// </summary>
internal sealed class InProcessInventory(WebApplication app, Uri grpcAddress) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public Uri GrpcAddress => grpcAddress;

    public static async Task<InProcessInventory> StartAsync(LocalServers servers, string keyTag)
    {
        var grpc = new Uri($"http://127.0.0.1:{ListenPort.OutsideEphemeralRange()}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:inventorydb"] = await servers.CreateDatabaseAsync("inventorybench"),
            ["ConnectionStrings:redis"] = await servers.GetConnectionStringAsync(LocalServers.Redis),
            ["ConnectionStrings:messaging"] = await servers.GetConnectionStringAsync(LocalServers.RabbitMQ),
            ["Inventory:RedisKeyTag"] = keyTag,
            ["Inventory:SeedDemoStock"] = "false",
            ["Identity:Url"] = "http://127.0.0.1:9",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{ListenPort.OutsideEphemeralRange()}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = grpc.ToString(),
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
        });
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInventoryApi();
        await app.StartAsync();
        return new InProcessInventory(app, grpc);
    }

    /// <summary>One channel for every caller (HTTP/2 multiplexes them; more connections open past 100 streams).</summary>
    public GrpcChannel CreateChannel() => GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
