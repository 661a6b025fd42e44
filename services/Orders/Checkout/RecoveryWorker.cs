using Microsoft.Extensions.Options;

namespace Vargo.Orders.Checkout;

/// <summary>
/// Drives every abandoned checkout (its process died, or a step and its compensation both failed) to a terminal
/// state: forward when the payment is authorized and the stock still held, otherwise compensated. An order that
/// cannot be finished now (a service is down) keeps its new lease and is retried once that runs out.
/// </summary>
public sealed class RecoveryWorker(IServiceScopeFactory scopes, IOptions<CheckoutOptions> options, TimeProvider time, ILogger<RecoveryWorker> logger)
    : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecoveryInterval, time);
        do
        {
            try
            {
                await RecoverAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Checkout recovery pass failed; retrying on the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        List<Guid> abandoned;
        await using (var scope = scopes.CreateAsyncScope())
        {
            abandoned = await scope.ServiceProvider.GetRequiredService<OrderLease>().FindAbandonedAsync(BatchSize, cancellationToken);
        }

        foreach (var orderId in abandoned)
        {
            await using var scope = scopes.CreateAsyncScope();
            var order = await scope.ServiceProvider.GetRequiredService<OrderLease>().ClaimAsync(orderId, cancellationToken);
            if (order is null)
            {
                continue;
            }
            try
            {
                var from = order.Status;
                await scope.ServiceProvider.GetRequiredService<CheckoutSaga>().ResumeAsync(order);
                logger.LogInformation("Recovered order {OrderId}: {From} → {To}", order.Id, from, order.Status);
            }
            catch (Exception ex) when (ex is global::Grpc.Core.RpcException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Order {OrderId} could not be recovered yet; retrying after its lease", order.Id);
            }
        }
    }
}
