using Microsoft.Extensions.Options;

namespace Vargo.Inventory.Stock;

/// <summary>
/// Start-up: rebuild of Redis from the ledger. Then, in the background: expiry of reservations
/// past their TTL, a comparison with the ledger every <see cref="InventoryOptions.ReconcileInterval"/> (rebuild on drift), and a rebuild as soon as Redis
/// is found without its generation key (restarted empty or flushed).
/// </summary>
public sealed class StockMaintenanceWorker(
    IServiceScopeFactory scopes,
    StockReconciler reconciler,
    RedisStockStore store,
    IOptions<InventoryOptions> options,
    TimeProvider time,
    ILogger<StockMaintenanceWorker> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The schema and the demo stock are in place already (AddMigration runs before any hosted service starts).
        await reconciler.RebuildAsync(onlyIfMissing: false, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastRebuild = time.GetTimestamp();
        var lastExpiry = time.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (time.GetElapsedTime(lastRebuild) >= options.Value.ReconcileInterval)
                {
                    await reconciler.ReconcileAsync(stoppingToken);
                    lastRebuild = time.GetTimestamp();
                }
                else if (await store.ReadEpochAsync() is null)
                {
                    logger.LogWarning("Redis has lost the stock counters; rebuilding from the ledger");
                    await reconciler.RebuildAsync(onlyIfMissing: true, stoppingToken);
                    lastRebuild = time.GetTimestamp();
                }

                if (time.GetElapsedTime(lastExpiry) >= options.Value.ExpiryInterval)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var expired = await scope.ServiceProvider.GetRequiredService<ReservationService>().ExpireDueAsync(stoppingToken);
                    if (expired > 0)
                    {
                        logger.LogInformation("Released {Count} expired reservations", expired);
                    }
                    lastExpiry = time.GetTimestamp();
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Stock maintenance failed; retrying");
            }
        }
    }
}
