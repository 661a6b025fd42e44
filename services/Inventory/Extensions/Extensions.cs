using Vargo.Inventory.Data;
using Vargo.Inventory.Events;
using Vargo.Inventory.Stock;
using Vargo.Messaging;
using Vargo.Messaging.DeadLetters;
using Vargo.Messaging.Contracts;

namespace Vargo.Inventory.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on the request records and parameters (InventoryApi.cs), checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddDefaultAuthentication();
        // Every write is an explicit transaction whose steps interleave with Redis (README.md, "Write protocol"):
        // EF's retrying strategy cannot replay those, and every operation is idempotent by order id for callers to retry.
        builder.AddNpgsqlDbContext<InventoryDbContext>("inventorydb", settings => settings.DisableRetry = true);
        builder.AddRedisClient("redis");
        // Schema and demo stock before any hosted service starts; the maintenance worker is registered before the
        // messaging workers so Redis is rebuilt from the ledger (in its StartAsync) before they start.
        builder.Services.AddMigration<InventoryDbContext, DemoStockSeeder>();
        builder.Services.AddHostedService<StockMaintenanceWorker>();
        builder.AddVargoMessaging("messaging")
            .UseDbContext<InventoryDbContext>()
            .AddConsumer<OrderPlaced, CommitReservationWhenOrderPlaced>()
            .AddConsumer<OrderCancelled, ReleaseReservationWhenOrderCancelled>();
        builder.Services.AddOpsCommand("replay-dead-letters", DeadLetterQueue.ReplayAllForOperatorAsync);
        builder.Services.AddOpsCommand("rebuild-stock", async (services, cancellationToken) =>
        {
            await services.GetRequiredService<StockReconciler>().RebuildAsync(onlyIfMissing: false, cancellationToken);
            return "Redis stock rebuilt from the ledger (a new generation).";
        });

        builder.Services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<InventoryMetrics>();
        builder.Services.AddSingleton<RedisStockStore>();
        builder.Services.AddSingleton<StockReconciler>();
        builder.Services.AddSingleton<ReservationLedgerWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReservationLedgerWriter>());
        builder.Services.AddScoped<ReservationService>();
        builder.Services.AddScoped<StockAdjustmentService>();
        builder.Services.AddScoped<StockQueries>();

        builder.Services.AddGrpc();
        // The expiry's question to Orders (protos/orders.proto), reached as http://_grpc.orders by service discovery.
        if (builder.Configuration.GetValue($"{InventoryOptions.Section}:{nameof(InventoryOptions.ExpiryAsksOrders)}", true))
        {
            builder.Services.AddGrpcClient<Vargo.Orders.Grpc.CheckoutOutcomes.CheckoutOutcomesClient>(o => o.Address = new Uri("http://_grpc.orders"));
            builder.Services.AddScoped<ICheckoutOutcomes, OrdersCheckoutOutcomes>();
        }
        else
        {
            builder.Services.AddSingleton<ICheckoutOutcomes, NoCheckoutOutcomes>();
        }
    }
}
