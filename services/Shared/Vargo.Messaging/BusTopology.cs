using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Vargo.Messaging.Consuming;

namespace Vargo.Messaging;

/// <summary>
/// The broker objects: one durable topic exchange for all events; per consuming service a durable queue bound to the
/// event types it handles, one retry queue per delay (messages wait out the queue's TTL, then dead-letter back into
/// the service queue), and a dead-letter queue for messages that exhausted their attempts.
/// </summary>
internal sealed class BusTopology(IOptions<MessagingOptions> options, ConsumerRegistry registry)
{
    private MessagingOptions Options => options.Value;

    public Task DeclareExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(Options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);

    public async Task DeclareConsumerQueuesAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await DeclareExchangeAsync(channel, cancellationToken);

        var queue = Options.Queue;
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
        foreach (var eventName in registry.EventNames)
        {
            await channel.QueueBindAsync(queue, Options.Exchange, eventName, cancellationToken: cancellationToken);
        }

        foreach (var delay in Options.RetryDelays.Distinct())
        {
            await channel.QueueDeclareAsync(Options.RetryQueue(delay), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                    ["x-dead-letter-exchange"] = "",
                    ["x-dead-letter-routing-key"] = queue
                },
                cancellationToken: cancellationToken);
        }

        await channel.QueueDeclareAsync(Options.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
    }
}
