using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Vargo.Messaging.DeadLetters;

/// <summary>
/// Reads and replays this service's dead-letter queue. Listing takes messages without acknowledging them and closes
/// the channel, which puts them back; replaying sends each chosen message to the service queue as a first attempt
/// and removes it from the dead letters only after the broker confirmed the copy.
/// </summary>
public sealed class DeadLetterQueue(IServiceProvider services, IOptions<MessagingOptions> options, TimeProvider time)
{
    private MessagingOptions Options => options.Value;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        await using var channel = await services.GetRequiredService<IConnection>().CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            while (letters.Count < max && await channel.BasicGetAsync(Options.DeadLetterQueue, autoAck: false, cancellationToken) is { } message)
            {
                var headers = message.BasicProperties.Headers;
                letters.Add(new DeadLetter(
                    message.BasicProperties.MessageId,
                    message.BasicProperties.Type ?? message.RoutingKey,
                    MessageHeaders.GetInt(headers, MessageHeaders.Attempt, 1),
                    MessageHeaders.GetString(headers, MessageHeaders.Error),
                    MessageHeaders.GetString(headers, MessageHeaders.FailedAt),
                    Encoding.UTF8.GetString(message.Body.Span)));
            }
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            // The service has not declared its queues yet: no dead letters.
        }
        return letters;
    }

    /// <summary>
    /// The dashboard's "replay dead letters" (ops command <c>replay-dead-letters</c>, registered by each consuming service):
    /// every dead letter back to the service's queue, answered in one line.
    /// </summary>
    public static async Task<string> ReplayAllForOperatorAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var queue = services.GetRequiredService<DeadLetterQueue>();
        var replay = await queue.ReplayAsync(null, cancellationToken);
        return replay.Replayed == 0
            ? $"No dead letters in {queue.Options.DeadLetterQueue}."
            : $"{replay.Replayed} dead letters sent back to {queue.Options.Queue}; one that fails again returns to {queue.Options.DeadLetterQueue}.";
    }

    /// <summary>Replays the dead letter with <paramref name="messageId"/>, or every dead letter when it is null.</summary>
    public async Task<DeadLetterReplay> ReplayAsync(string? messageId, CancellationToken cancellationToken)
    {
        var replayed = 0;
        await using var channel = await services.GetRequiredService<IConnection>().CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        try
        {
            // Only what is there now: a replayed message that fails again comes back behind them and waits.
            // Messages left unacknowledged (not chosen) return to the dead-letter queue when the channel closes.
            var present = (await channel.QueueDeclarePassiveAsync(Options.DeadLetterQueue, cancellationToken)).MessageCount;
            for (var taken = 0u; taken < present
                 && await channel.BasicGetAsync(Options.DeadLetterQueue, autoAck: false, cancellationToken) is { } message; taken++)
            {
                if (messageId is not null && message.BasicProperties.MessageId != messageId)
                {
                    continue;
                }
                var headers = new Dictionary<string, object?>(message.BasicProperties.Headers ?? new Dictionary<string, object?>());
                headers[MessageHeaders.Attempt] = 1;
                headers.Remove(MessageHeaders.Error);
                headers["x-vargo-replayed-at"] = time.GetUtcNow().ToString("O");
                var properties = new BasicProperties(message.BasicProperties) { Headers = headers };
                await channel.BasicPublishAsync("", Options.Queue, mandatory: true, properties, message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                replayed++;
            }
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
        }
        return new DeadLetterReplay(replayed);
    }
}
