using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Vargo.Messaging.Contracts;

namespace Vargo.Messaging.Consuming;

/// <summary>
/// Consumes this service's queue in batches (one inbox transaction per batch, see <see cref="InboxProcessor"/>).
/// A message is acknowledged only after every handler committed its effect (inbox);
/// a failure sends a copy to the next retry queue (attempt + 1, error in a header) and, once attempts are exhausted,
/// to the dead-letter queue; the original is acknowledged only after the broker confirmed that copy.
/// </summary>
internal sealed partial class EventConsumer(
    IServiceProvider services,
    ConsumerRegistry registry,
    ConsumerReadiness readiness,
    BusTopology topology,
    InboxProcessor inbox,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<EventConsumer> logger) : BackgroundService
{
    private IChannel? _channel;
    private Channel<InboundMessage>? _inbound;
    private Task[] _workers = [];

    private MessagingOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry.IsEmpty)
        {
            return;
        }

        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartConsumingAsync(stoppingToken);
                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogStartFailed(Options.Queue, ex.GetType().Name, ex.Message, backoff);
                await CloseChannelAsync();
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Options.RelayMaxBackoff.Ticks));
            }
        }
        // From here RabbitMQ.Client's automatic recovery re-establishes the connection, channel and consumer.
    }

    private async Task StartConsumingAsync(CancellationToken stoppingToken)
    {
        var connection = services.GetRequiredService<IConnection>();
        // One dispatch at a time: the callback only reads and routes a delivery; the batch workers do the handling.
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stoppingToken);
        _channel = channel;
        await topology.DeclareConsumerQueuesAsync(channel, stoppingToken);
        await channel.BasicQosAsync(0, Options.PrefetchCount, global: false, stoppingToken);

        // Unbounded in code, bounded in fact: the broker never has more than the prefetch count unacknowledged.
        var inbound = Channel.CreateUnbounded<InboundMessage>(new UnboundedChannelOptions { SingleWriter = true });
        _inbound = inbound;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(channel, inbound.Writer, delivery, stoppingToken);
        await channel.BasicConsumeAsync(Options.Queue, autoAck: false, consumer, stoppingToken);

        // Started once consuming succeeded (a failed start is retried with a new channel and new workers).
        _workers = Enumerable.Range(0, Options.ConsumerConcurrency)
            .Select(_ => Task.Run(() => RunBatchesAsync(channel, inbound.Reader, stoppingToken), CancellationToken.None))
            .ToArray();
        readiness.MarkConsuming();
        LogConsuming(Options.Queue, string.Join(", ", registry.EventNames));
    }

    private async Task OnReceivedAsync(IChannel channel, ChannelWriter<InboundMessage> inbound, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var properties = delivery.BasicProperties;
        var eventName = properties.Type ?? delivery.RoutingKey;
        var attempt = MessageHeaders.GetInt(properties.Headers, MessageHeaders.Attempt, 1);

        var registrations = registry.For(eventName);
        if (registrations.Count == 0 || !Guid.TryParse(properties.MessageId, out var messageId))
        {
            using var activity = MessagingTelemetry.StartConsume(eventName, properties.MessageId, Options.Queue, properties.Headers);
            metrics.DeadLettered(eventName, registrations.Count == 0 ? DeadLetterReasons.Unhandled : DeadLetterReasons.Unreadable);
            await ForwardAsync(channel, delivery.DeliveryTag, properties, delivery.RoutingKey, delivery.Body, Options.DeadLetterQueue, attempt,
                registrations.Count == 0 ? $"no handler for event type '{eventName}'" : "message has no valid message id");
            return;
        }

        IntegrationEvent @event;
        try
        {
            @event = EventSerializer.Deserialize(delivery.Body.Span, registrations[0].EventType);
        }
        catch (JsonException ex)
        {
            // A body that cannot be read will not become readable by retrying.
            using var activity = MessagingTelemetry.StartConsume(eventName, properties.MessageId, Options.Queue, properties.Headers);
            metrics.DeadLettered(eventName, DeadLetterReasons.Unreadable);
            await ForwardAsync(channel, delivery.DeliveryTag, properties, delivery.RoutingKey, delivery.Body, Options.DeadLetterQueue, attempt, Describe(ex));
            return;
        }

        try
        {
            await inbound.WriteAsync(new InboundMessage(delivery.DeliveryTag, eventName, messageId, attempt, @event, registrations,
                properties, delivery.RoutingKey, delivery.Body.ToArray()), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: left unacknowledged, the broker redelivers it.
        }
    }

    /// <summary>
    /// One batch worker: takes what has arrived (up to <see cref="MessagingOptions.InboxBatchSize"/>, waiting at most
    /// <see cref="MessagingOptions.InboxBatchWindow"/> for more), applies it in one inbox transaction and acknowledges it.
    /// </summary>
    private async Task RunBatchesAsync(IChannel channel, ChannelReader<InboundMessage> inbound, CancellationToken stoppingToken)
    {
        var batch = new List<InboundMessage>(Options.InboxBatchSize);
        try
        {
            while (await inbound.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                await FillBatchAsync(inbound, batch, stoppingToken);
                try
                {
                    await HandleBatchAsync(channel, batch, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Unacknowledged deliveries come back from the broker (inbox drops what was applied): keep consuming.
                    LogBatchFailed(batch.Count, ex.GetType().Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is not acknowledged is redelivered.
        }
    }

    private async Task FillBatchAsync(ChannelReader<InboundMessage> inbound, List<InboundMessage> batch, CancellationToken stoppingToken)
    {
        var size = Options.InboxBatchSize;
        while (batch.Count < size && inbound.TryRead(out var message))
        {
            batch.Add(message);
        }
        if (batch.Count >= size || Options.InboxBatchWindow <= TimeSpan.Zero)
        {
            return;
        }

        // Bounded wait for more: the first message is delayed at most by the window.
        using var window = new CancellationTokenSource(Options.InboxBatchWindow, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(window.Token, stoppingToken);
        try
        {
            while (batch.Count < size && await inbound.WaitToReadAsync(linked.Token))
            {
                while (batch.Count < size && inbound.TryRead(out var message))
                {
                    batch.Add(message);
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The window closed: handle what we have.
        }
    }

    private async Task HandleBatchAsync(IChannel channel, List<InboundMessage> batch, CancellationToken stoppingToken)
    {
        if (batch.Count == 1)
        {
            await HandleOneAsync(channel, batch[0], stoppingToken);
            return;
        }

        try
        {
            await inbox.ProcessBatchAsync(batch, TraceHandlerAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Nothing of the batch committed. The message whose handler threw has had its attempt, exactly as if it
            // had come alone: it goes to its retry queue (or the dead letters), so its attempts count the same whatever
            // batch it shared. The others are applied on their own. (A failed commit names no message: all go alone.)
            var failed = ex as BatchHandlerException;
            LogBatchRolledBack(batch.Count, ex.GetType().Name, (failed?.InnerException ?? ex).Message);
            foreach (var message in batch)
            {
                if (ReferenceEquals(message, failed?.FailedMessage))
                {
                    await RetryOrDeadLetterAsync(channel, message, failed.InnerException!);
                }
                else
                {
                    await HandleOneAsync(channel, message, stoppingToken);
                }
            }
            return;
        }

        foreach (var message in batch)
        {
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, CancellationToken.None);
            metrics.Consumed(message.EventName);
        }
    }

    private async Task TraceHandlerAsync(InboundMessage message, Func<Task> handle)
    {
        using var activity = MessagingTelemetry.StartConsume(message.EventName, message.Properties.MessageId, Options.Queue, message.Properties.Headers);
        try
        {
            await handle();
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task HandleOneAsync(IChannel channel, InboundMessage message, CancellationToken stoppingToken)
    {
        var (eventName, messageId) = (message.EventName, message.MessageId);
        using var activity = MessagingTelemetry.StartConsume(eventName, message.Properties.MessageId, Options.Queue, message.Properties.Headers);
        try
        {
            foreach (var registration in message.Registrations)
            {
                await inbox.ProcessAsync(registration, messageId, message.Event, stoppingToken);
            }
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, CancellationToken.None);
            metrics.Consumed(eventName);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: left unacknowledged, the broker redelivers it.
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            await RetryOrDeadLetterAsync(channel, message, ex);
        }
    }

    /// <summary>After a failed attempt: to the retry queue of its attempt's delay, or to the dead letters after the last.</summary>
    private async Task RetryOrDeadLetterAsync(IChannel channel, InboundMessage message, Exception ex)
    {
        var (eventName, messageId, attempt) = (message.EventName, message.MessageId, message.Attempt);
        var error = Describe(ex);
        if (attempt < Options.MaxAttempts)
        {
            var delay = Options.RetryDelays[attempt - 1];
            LogRetrying(eventName, messageId, attempt, Options.MaxAttempts, delay, error);
            metrics.Retried(eventName);
            await ForwardAsync(channel, message.DeliveryTag, message.Properties, message.RoutingKey, message.Body, Options.RetryQueue(delay), attempt + 1, error);
        }
        else
        {
            LogDeadLettered(eventName, messageId, attempt, error);
            metrics.DeadLettered(eventName, DeadLetterReasons.AttemptsExhausted);
            await ForwardAsync(channel, message.DeliveryTag, message.Properties, message.RoutingKey, message.Body, Options.DeadLetterQueue, attempt, error);
        }
    }

    /// <summary>Sends a copy to <paramref name="queue"/>, then acknowledges the original (or returns it to the queue if the copy failed).</summary>
    private async Task ForwardAsync(IChannel channel, ulong deliveryTag, IReadOnlyBasicProperties original, string routingKey,
        ReadOnlyMemory<byte> body, string queue, int attempt, string error)
    {
        try
        {
            var properties = new BasicProperties(original)
            {
                Headers = new Dictionary<string, object?>(original.Headers ?? new Dictionary<string, object?>())
                {
                    [MessageHeaders.Attempt] = attempt,
                    [MessageHeaders.Error] = error,
                    [MessageHeaders.FailedAt] = time.GetUtcNow().ToString("O")
                },
                DeliveryMode = DeliveryModes.Persistent,
                Type = original.Type ?? routingKey
            };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, body, CancellationToken.None);
            await channel.BasicAckAsync(deliveryTag, multiple: false, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogForwardFailed(queue, ex.GetType().Name, ex.Message);
            if (channel.IsOpen)
            {
                await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true, CancellationToken.None);
            }
        }
    }

    private static string Describe(Exception ex)
    {
        var text = $"{ex.GetType().FullName}: {ex.Message}";
        return text.Length <= 1000 ? text : text[..1000];
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The stopping token is cancelled: the workers end after the batch in hand (rolled back if cut short).
        _inbound?.Writer.TryComplete();
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CloseChannelAsync();
    }

    private async Task CloseChannelAsync()
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
                // Already closed with its connection.
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Consuming queue {Queue} for {EventTypes}")]
    private partial void LogConsuming(string queue, string eventTypes);

    [LoggerMessage(LogLevel.Warning, "Could not start consuming {Queue} ({ErrorType}: {Error}); retrying in {Backoff}")]
    private partial void LogStartFailed(string queue, string errorType, string error, TimeSpan backoff);

    [LoggerMessage(LogLevel.Warning, "Handling {EventType} {MessageId} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}: {Error}")]
    private partial void LogRetrying(string eventType, Guid messageId, int attempt, int maxAttempts, TimeSpan delay, string error);

    [LoggerMessage(LogLevel.Error, "Handling {EventType} {MessageId} failed {Attempts} times; moved to the dead-letter queue: {Error}")]
    private partial void LogDeadLettered(string eventType, Guid messageId, int attempts, string error);

    [LoggerMessage(LogLevel.Warning, "A batch of {Count} messages was rolled back ({ErrorType}: {Error}); handling each on its own")]
    private partial void LogBatchRolledBack(int count, string errorType, string error);

    [LoggerMessage(LogLevel.Warning, "A batch of {Count} messages could not be finished ({ErrorType}: {Error}); the broker redelivers what was not acknowledged")]
    private partial void LogBatchFailed(int count, string errorType, string error);

    [LoggerMessage(LogLevel.Warning, "Could not forward a message to {Queue} ({ErrorType}: {Error}); it stays in the queue")]
    private partial void LogForwardFailed(string queue, string errorType, string error);
}
