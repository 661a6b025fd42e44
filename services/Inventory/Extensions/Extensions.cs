using Vargo.Inventory.Data;
using Vargo.Inventory.Stock;

namespace Vargo.Inventory.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        // Every write is an explicit transaction whose steps interleave with Redis (README.md, "Write protocol"):
        // EF's retrying strategy cannot replay those, and every operation is idempotent by order id for callers to retry.
        builder.AddNpgsqlDbContext<InventoryDbContext>("inventorydb", settings => settings.DisableRetry = true);
        builder.AddRedisClient("redis");

        builder.Services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.Section);
        builder.Services.AddSingleton<RedisStockStore>();
        builder.Services.AddSingleton<StockReconciler>();
        builder.Services.AddScoped<ReservationService>();
        builder.Services.AddScoped<StockAdjustmentService>();
        builder.Services.AddScoped<StockQueries>();
        builder.Services.AddScoped<DemoStockSeeder>();
        builder.Services.AddHostedService<StockMaintenanceWorker>();

        builder.Services.AddGrpc();
    }
}
