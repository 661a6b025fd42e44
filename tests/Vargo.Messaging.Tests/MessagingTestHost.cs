using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vargo.Messaging.Contracts;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

/// <summary>
/// A service as the library sees it: a generic host with its own PostgreSQL database, the real broker, the relay and
/// (optionally) a consumer of OrderPlaced. Each test gets its own exchange and queue names so tests never see each
/// other's messages.
/// </summary>
public sealed class MessagingTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private MessagingTestHost(IHost host, string exchange, string serviceName)
    {
        _host = host;
        Exchange = exchange;
        ServiceName = serviceName;
    }

    public string Exchange { get; }

    public string ServiceName { get; }

    public IServiceProvider Services => _host.Services;

    public FailurePlan Failures => Services.GetRequiredService<FailurePlan>();

    public static async Task<MessagingTestHost> StartAsync(
        LocalServers servers, bool consume = true, Action<MessagingOptions>? configure = null,
        Action<DbContextOptionsBuilder>? configureDb = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var exchange = $"vargo-test-{suffix}";
        var serviceName = $"test-{suffix}";

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Vargo.Messaging.Tests" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = await servers.GetConnectionStringAsync(LocalServers.RabbitMQ),
            ["ConnectionStrings:testdb"] = await servers.CreateDatabaseAsync("messaging"),
        });

        builder.AddNpgsqlDbContext<TestDbContext>("testdb", configureDbContextOptions: configureDb);
        builder.Services.AddSingleton<FailurePlan>();
        var messaging = builder.AddVargoMessaging("messaging", options =>
        {
            options.Exchange = exchange;
            options.ServiceName = serviceName;
            options.RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(400)];
            options.RelayMaxBackoff = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        }).UseDbContext<TestDbContext>();
        if (consume)
        {
            messaging.AddConsumer<OrderPlaced, RecordOrderPlaced>();
        }

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // A throw-away database per test: the model is the schema (services apply migrations instead).
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();
        return new MessagingTestHost(host, exchange, serviceName);
    }

    /// <summary>Writes <paramref name="count"/> orders and their OrderPlaced events in one SaveChanges (one commit).</summary>
    public async Task<IReadOnlyList<OrderPlaced>> PlaceOrdersAsync(int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        var events = new List<OrderPlaced>();
        for (var i = 0; i < count; i++)
        {
            var order = new TestOrder { Id = Guid.NewGuid(), Total = 10m + i };
            var placed = NewOrderPlaced(order);
            db.Orders.Add(order);
            db.AddIntegrationEvent(placed);
            events.Add(placed);
        }
        await db.SaveChangesAsync();
        return events;
    }

    /// <summary>Writes an order and its OrderPlaced event in one SaveChanges, as a producing service does.</summary>
    public async Task<OrderPlaced> PlaceOrderAsync(decimal total = 42.50m)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        var order = new TestOrder { Id = Guid.NewGuid(), Total = total };
        var placed = NewOrderPlaced(order);
        db.Orders.Add(order);
        db.AddIntegrationEvent(placed);
        await db.SaveChangesAsync();
        return placed;
    }

    public static OrderPlaced NewOrderPlaced(TestOrder order) =>
        new(order.Id, Guid.NewGuid(), "buyer@example.test",
            [new OrderLine(Guid.NewGuid(), "SKU-1", "Kettle", 1, order.Total)], order.Total, "EUR")
        {
            OccurredAt = TimeProvider.System.GetUtcNow()
        };

    public async Task<T> QueryAsync<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public Task<int> EffectsAsync(Guid eventId) => QueryAsync(db => db.Effects.CountAsync(e => e.EventId == eventId));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
