using System.ComponentModel.DataAnnotations;

namespace Vargo.Messaging;

/// <summary>Settings of the event bus (configuration section <c>Messaging</c>); the defaults suit every Vargo service.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The durable topic exchange every event is published to (routing key = event type name).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Exchange { get; set; } = "vargo";

    /// <summary>
    /// Name of this service's durable queue, also the prefix of its retry and dead-letter queues.
    /// Defaults to the application name without its "Vargo." prefix, lower case ("Vargo.Notification" → "notification").
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>How long to wait before each redelivery of a message whose handler threw; one entry per retry.</summary>
    [Required]
    public TimeSpan[] RetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Messages a consumer may hold unacknowledged. At least twice <see cref="InboxBatchSize"/> keeps the next batch
    /// arriving while one commits.
    /// </summary>
    [Range(1, ushort.MaxValue)]
    public ushort PrefetchCount { get; set; } = 256;

    /// <summary>Batches handled at the same time by this service (each in its own scope and transaction).</summary>
    [Range(1, ushort.MaxValue)]
    public ushort ConsumerConcurrency { get; set; } = 1;

    /// <summary>
    /// Most messages applied in one inbox transaction (claims, handlers, one commit, then their acks). 1 = one
    /// transaction per message. A batch takes what has already arrived, so a quiet queue still gets batches of one.
    /// </summary>
    [Range(1, 10_000)]
    public int InboxBatchSize { get; set; } = 100;

    /// <summary>
    /// How long a batch that is not full waits for more messages before it is applied: the most a message is delayed
    /// for batching. Zero = never wait (batches form only from what queued up while the previous batch committed).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan InboxBatchWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Outbox rows the relay publishes per round trip to the database.</summary>
    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 200;

    /// <summary>
    /// Safety net only: the relay is woken by every commit that added outbox rows in this process, and polls this
    /// often for rows written by other processes or left behind.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest pause between relay attempts while the broker or database is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an event nobody has bound a queue for (returned by the broker, <c>mandatory</c>) keeps being retried:
    /// covers consumers that have not declared their queue yet when a producer starts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UnroutableRetryWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Event types (names, = routing keys) this service publishes whether or not any queue is bound to them, such as a
    /// fact no service consumes yet (<c>PaymentSucceeded</c>). They are published without <c>mandatory</c>: the broker
    /// confirms them and drops them when nobody listens, instead of returning them to be retried for
    /// <see cref="UnroutableRetryWindow"/> (each retry a publish, a return and an outbox update). The price: a consumer
    /// that declares its queue only later misses what was published before. Add them with
    /// <see cref="VargoMessagingBuilder.PublishesWithoutSubscriber{TEvent}"/>.
    /// </summary>
    public HashSet<string> EventsWithoutSubscriber { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sent outbox rows older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    public int MaxAttempts => RetryDelays.Length + 1;

    internal string Queue => ServiceName ?? throw new InvalidOperationException("Messaging:ServiceName is not set.");

    internal string RetryQueue(TimeSpan delay) => $"{Queue}.retry.{(long)delay.TotalMilliseconds}ms";

    internal string DeadLetterQueue => $"{Queue}.dead-letters";

    internal static string DefaultServiceName(string applicationName)
    {
        const string prefix = "Vargo.";
        var name = applicationName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? applicationName[prefix.Length..]
            : applicationName;
        return name.ToLowerInvariant();
    }
}
