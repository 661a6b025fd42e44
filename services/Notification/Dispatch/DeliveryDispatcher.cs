using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Notification.Channels;
using Vargo.Notification.Data;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Dispatch;

/// <summary>
/// Sends pending deliveries. Each attempt is claimed (status Sending, committed) before the channel is called and its
/// outcome committed right after, so "never twice" holds across crashes: a claim found stale later was cut short
/// between the two commits; it is repeated only on channels that repeat safely and otherwise marked Uncertain.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<INotificationChannel> channels,
    DeliverySignal signal,
    NotificationMetrics metrics,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;

    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverStaleClaimsAsync(stoppingToken);
                var claimed = await DispatchBatchAsync(stoppingToken);
                backoff = TimeSpan.FromMilliseconds(500);
                if (claimed < BatchSize)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogDispatchFailed(ex.GetType().Name, ex.Message, backoff);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();

        var ids = await ClaimAsync(db, cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var deliveries = await db.Deliveries.Include(d => d.Notification)
            .Where(d => ids.Contains(d.Id))
            .OrderBy(d => d.Id)
            .ToListAsync(cancellationToken);
        foreach (var delivery in deliveries)
        {
            await SendAsync(delivery, cancellationToken);
            // Recorded one by one: the window in which a crash leaves an unknown outcome is one send long.
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.Delivered(delivery);
        }
        return ids.Count;
    }

    private async Task<List<Guid>> ClaimAsync(NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = DeliveryStatus.Pending.ToString();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM deliveries
                WHERE "Status" = {pending} AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                ORDER BY "Id" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (ids.Count > 0)
            {
                await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Status, DeliveryStatus.Sending)
                    .SetProperty(d => d.ClaimedAt, now)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
            }
            await transaction.CommitAsync(ct);
            return ids;
        }, cancellationToken);
    }

    private async Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(delivery.Channel, out var channel))
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = $"no provider for channel '{delivery.Channel}'";
            return;
        }
        try
        {
            await channel.SendAsync(delivery.Notification, delivery, cancellationToken);
            delivery.Status = DeliveryStatus.Sent;
            delivery.SentAt = time.GetUtcNow();
            delivery.LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            delivery.LastError = error.Length <= 1000 ? error : error[..1000];
            if (delivery.Attempts >= options.Value.MaxAttempts)
            {
                delivery.Status = DeliveryStatus.Failed;
                LogGaveUp(delivery.Channel, delivery.Id, delivery.Attempts, delivery.LastError);
            }
            else
            {
                delivery.Status = DeliveryStatus.Pending;
                delivery.NextAttemptAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(Math.Pow(2, delivery.Attempts), 600));
                LogRetrying(delivery.Channel, delivery.Id, delivery.Attempts, delivery.LastError);
            }
        }
    }

    /// <summary>Claims older than the claim timeout were cut short by a stopped process.</summary>
    private async Task RecoverStaleClaimsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var cutoff = time.GetUtcNow() - options.Value.ClaimTimeout;
        var stale = await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Sending && d.ClaimedAt < cutoff)
            .ToListAsync(cancellationToken);
        foreach (var delivery in stale)
        {
            var repeatable = _channels.TryGetValue(delivery.Channel, out var channel) && channel.RepeatsSafely;
            delivery.Status = repeatable ? DeliveryStatus.Pending : DeliveryStatus.Uncertain;
            delivery.LastError = "interrupted between claiming and recording the outcome";
            LogStaleClaim(delivery.Channel, delivery.Id, delivery.Status.ToString());
        }
        if (stale.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Notification dispatch failed ({ErrorType}: {Error}); retrying in {Backoff}")]
    private partial void LogDispatchFailed(string errorType, string error, TimeSpan backoff);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} on {Channel} failed (attempt {Attempt}); will retry: {Error}")]
    private partial void LogRetrying(string channel, Guid deliveryId, int attempt, string error);

    [LoggerMessage(LogLevel.Error, "Delivery {DeliveryId} on {Channel} failed {Attempts} times; giving up: {Error}")]
    private partial void LogGaveUp(string channel, Guid deliveryId, int attempts, string error);

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} on {Channel} was interrupted mid-send; now {Status}")]
    private partial void LogStaleClaim(string channel, Guid deliveryId, string status);
}
