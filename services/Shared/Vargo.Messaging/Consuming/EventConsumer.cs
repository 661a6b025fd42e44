using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Vargo.Messaging.Contracts;

namespace Vargo.Messaging.Consuming;

/// <summary>
/// Consumes this service's queue. A message is acknowledged only after every handler committed its effect (inbox);
/// a failure sends a copy to the next retry queue (attempt + 1, error in a header) and, once attempts are exhausted,
/// to the dead-letter queue; the original is acknowledged only after the broker confirmed that copy.
/// </summary>
internal sealed partial class EventConsumer(
    IServiceProvider services,
    ConsumerRegistry registry,
    BusTopology topology,
    InboxProcessor inbox,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<EventConsumer> logger) : BackgroundService
{
    private IChannel? _channel;

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
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                consumerDispatchConcurrency: Options.ConsumerConcurrency),
            stoppingToken);
        _channel = channel;
        await topology.DeclareConsumerQueuesAsync(channel, stoppingToken);
        await channel.BasicQosAsync(0, Options.PrefetchCount, global: false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(channel, delivery, stoppingToken);
        await channel.BasicConsumeAsync(Options.Queue, autoAck: false, consumer, stoppingToken);
        LogConsuming(Options.Queue, string.Join(", ", registry.EventNames));
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var properties = delivery.BasicProperties;
        var eventName = properties.Type ?? delivery.RoutingKey;
        var attempt = MessageHeaders.GetInt(properties.Headers, MessageHeaders.Attempt, 1);
        using var activity = MessagingTelemetry.StartConsume(eventName, properties.MessageId, Options.Queue, properties.Headers);

        var registrations = registry.For(eventName);
        if (registrations.Count == 0 || !Guid.TryParse(properties.MessageId, out var messageId))
        {
            metrics.DeadLettered(eventName, registrations.Count == 0 ? DeadLetterReasons.Unhandled : DeadLetterReasons.Unreadable);
            await ForwardAsync(channel, delivery, Options.DeadLetterQueue, attempt,
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
            metrics.DeadLettered(eventName, DeadLetterReasons.Unreadable);
            await ForwardAsync(channel, delivery, Options.DeadLetterQueue, attempt, Describe(ex));
            return;
        }

        try
        {
            foreach (var registration in registrations)
            {
                await inbox.ProcessAsync(registration, messageId, @event, stoppingToken);
            }
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            metrics.Consumed(eventName);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: left unacknowledged, the broker redelivers it.
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            var error = Describe(ex);
            if (attempt < Options.MaxAttempts)
            {
                var delay = Options.RetryDelays[attempt - 1];
                LogRetrying(eventName, messageId, attempt, Options.MaxAttempts, delay, error);
                metrics.Retried(eventName);
                await ForwardAsync(channel, delivery, Options.RetryQueue(delay), attempt + 1, error);
            }
            else
            {
                LogDeadLettered(eventName, messageId, attempt, error);
                metrics.DeadLettered(eventName, DeadLetterReasons.AttemptsExhausted);
                await ForwardAsync(channel, delivery, Options.DeadLetterQueue, attempt, error);
            }
        }
    }

    /// <summary>Sends a copy to <paramref name="queue"/>, then acknowledges the original (or returns it to the queue if the copy failed).</summary>
    private async Task ForwardAsync(IChannel channel, BasicDeliverEventArgs delivery, string queue, int attempt, string error)
    {
        try
        {
            var properties = new BasicProperties(delivery.BasicProperties)
            {
                Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
                {
                    [MessageHeaders.Attempt] = attempt,
                    [MessageHeaders.Error] = error,
                    [MessageHeaders.FailedAt] = time.GetUtcNow().ToString("O")
                },
                DeliveryMode = DeliveryModes.Persistent,
                Type = delivery.BasicProperties.Type ?? delivery.RoutingKey
            };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, delivery.Body, CancellationToken.None);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogForwardFailed(queue, ex.GetType().Name, ex.Message);
            if (channel.IsOpen)
            {
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
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

    [LoggerMessage(LogLevel.Warning, "Could not forward a message to {Queue} ({ErrorType}: {Error}); it stays in the queue")]
    private partial void LogForwardFailed(string queue, string errorType, string error);
}
