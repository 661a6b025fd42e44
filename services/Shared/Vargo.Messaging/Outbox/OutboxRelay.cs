using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Vargo.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox messages in write order with publisher confirms and marks each sent only after the broker
/// confirmed it (at-least-once: a crash between confirm and mark re-sends, and consumers' inboxes drop the copy).
/// While the broker or database is unreachable it retries with exponential back-off; nothing is lost. The same relay
/// serves every outbox store (<see cref="EfOutboxStore{TDbContext}"/>, <see cref="Mongo.MongoOutboxStore"/>).
/// </summary>
internal sealed partial class OutboxRelay<TStore>(
    TStore store,
    IServiceProvider services,
    OutboxSignal signal,
    BusTopology topology,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TStore>> logger) : BackgroundService where TStore : IOutboxStore
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);

    private IChannel? _channel;

    private MessagingOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var nextCleanup = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await RelayBatchAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                if (batch.More)
                {
                    continue;
                }

                if (time.GetUtcNow() >= nextCleanup)
                {
                    await DeleteOldSentRowsAsync(stoppingToken);
                    nextCleanup = time.GetUtcNow() + CleanupInterval;
                }

                var wait = Options.OutboxPollInterval;
                if (batch.NextDue is { } due)
                {
                    wait = TimeSpan.FromTicks(Math.Clamp((due - time.GetUtcNow()).Ticks, TimeSpan.FromMilliseconds(50).Ticks, wait.Ticks));
                }
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero
                    ? TimeSpan.FromMilliseconds(250)
                    : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Options.RelayMaxBackoff.Ticks));
                LogRelayFailed(ex.GetType().Name, ex.Message, backoff);
                await DropChannelAsync();
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        await DropChannelAsync();
    }

    private async Task<(bool More, DateTimeOffset? NextDue)> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using (var batch = await store.ReadDueAsync(time.GetUtcNow(), Options.OutboxBatchSize, cancellationToken))
        {
            var rows = batch.Messages;
            if (rows.Count > 0)
            {
                var channel = await GetChannelAsync(cancellationToken);

                // Issued in order on one channel; awaited together so a batch costs one round of confirms.
                var publishes = rows.Select(row => (Row: row, Task: PublishAsync(channel, row, cancellationToken))).ToList();
                Exception? connectionFailure = null;
                foreach (var (row, task) in publishes)
                {
                    try
                    {
                        await task;
                        row.SentAt = time.GetUtcNow();
                        row.LastError = null;
                        metrics.Published(row.EventType);
                    }
                    catch (PublishException ex)
                    {
                        RecordRefusal(row, ex);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        connectionFailure ??= ex;
                    }
                }

                // Record what was confirmed even when part of the batch failed, so it is not published again.
                await batch.SaveAsync(CancellationToken.None);
                if (connectionFailure is not null)
                {
                    throw connectionFailure;
                }
                if (rows.Count == Options.OutboxBatchSize)
                {
                    return (true, null);
                }
            }
        }

        var backlog = await store.ObserveBacklogAsync(cancellationToken);
        metrics.OutboxObserved(backlog.Pending, backlog.Oldest);
        return (false, backlog.NextDue);
    }

    private async Task PublishAsync(IChannel channel, IOutboxRecord row, CancellationToken cancellationToken)
    {
        using var activity = MessagingTelemetry.StartPublish(row.EventType, row.Id, Options.Exchange, row.TraceParent, row.TraceState);
        var headers = new Dictionary<string, object?> { [MessageHeaders.Attempt] = 1 };
        MessagingTelemetry.Inject(activity, row.TraceParent, row.TraceState, headers);
        var properties = new BasicProperties
        {
            MessageId = row.Id.ToString(),
            Type = row.EventType,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(row.OccurredAt.ToUnixTimeSeconds()),
            Headers = headers
        };
        // mandatory: a message no queue takes comes back and is retried (a consumer may not have declared its queue
        // yet), except for the event types this service publishes knowing nobody may be listening.
        var mandatory = !Options.EventsWithoutSubscriber.Contains(row.EventType);
        await channel.BasicPublishAsync(Options.Exchange, row.EventType, mandatory, properties,
            Encoding.UTF8.GetBytes(row.Payload), cancellationToken);
    }

    private void RecordRefusal(IOutboxRecord row, PublishException ex)
    {
        var now = time.GetUtcNow();
        row.Attempts++;
        if (ex.IsReturn && now - row.CreatedAt > Options.UnroutableRetryWindow)
        {
            // Nobody subscribes to this event type: stop retrying, keep the row as the record of it.
            row.SentAt = now;
            row.LastError = "unroutable: no queue is bound to this event type";
            LogUnroutable(row.EventType, row.Id);
            metrics.Dropped(row.EventType);
            return;
        }
        row.LastError = ex.IsReturn ? "unroutable (returned by the broker); retrying" : "negatively acknowledged by the broker; retrying";
        var delay = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, Math.Min(row.Attempts, 10)), Options.RelayMaxBackoff.TotalMilliseconds));
        row.NextAttemptAt = now + delay;
    }

    private async Task<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }
        await DropChannelAsync();
        var connection = services.GetRequiredService<IConnection>();
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        await topology.DeclareExchangeAsync(channel, cancellationToken);
        _channel = channel;
        return channel;
    }

    private async Task DropChannelAsync()
    {
        if (_channel is { } channel)
        {
            _channel = null;
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The connection is already gone; nothing to close.
            }
        }
    }

    private Task DeleteOldSentRowsAsync(CancellationToken cancellationToken) =>
        store.DeleteSentBeforeAsync(time.GetUtcNow() - Options.OutboxRetention, cancellationToken);

    [LoggerMessage(LogLevel.Warning, "Outbox relay could not publish ({ErrorType}: {Error}); retrying in {Backoff}")]
    private partial void LogRelayFailed(string errorType, string error, TimeSpan backoff);

    [LoggerMessage(LogLevel.Warning, "No queue is bound to {EventType}; outbox message {MessageId} was dropped after its retry window")]
    private partial void LogUnroutable(string eventType, Guid messageId);
}
