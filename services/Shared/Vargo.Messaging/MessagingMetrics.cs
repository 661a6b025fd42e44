using System.Diagnostics.Metrics;

namespace Vargo.Messaging;

/// <summary>
/// The event bus's business-facing metrics (meter <c>Vargo.Messaging</c>, picked up by ServiceDefaults' <c>Vargo.*</c>
/// filter). Tags are low-cardinality on purpose: the event type (a handful per service) and the queue, never a message id.
/// See docs/operations.md for what normal looks like and what to alert on.
/// </summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Vargo.Messaging";

    private readonly Counter<long> _published;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly TimeProvider _time;

    // Written by the outbox relay after each pass, read by the observable gauges when an exporter collects.
    private OutboxBacklog? _backlog;

    public MessagingMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("vargo.messaging.published", "{message}",
            "Outbox rows the broker confirmed, by event type.");
        _dropped = meter.CreateCounter<long>("vargo.messaging.unroutable", "{message}",
            "Outbox rows given up on because no queue is bound to their event type (after the unroutable retry window), by event type.");
        _consumed = meter.CreateCounter<long>("vargo.messaging.consumed", "{message}",
            "Messages whose handlers all committed (acknowledged), by event type.");
        _retried = meter.CreateCounter<long>("vargo.messaging.retried", "{message}",
            "Handler failures sent to a retry queue, by event type.");
        _deadLettered = meter.CreateCounter<long>("vargo.messaging.dead_lettered", "{message}",
            "Messages moved to the dead-letter queue (attempts exhausted, unreadable or unhandled), by event type.");
        meter.CreateObservableGauge("vargo.messaging.outbox.pending", ObservePending, "{message}",
            "Outbox rows written but not yet confirmed by the broker.");
        meter.CreateObservableGauge("vargo.messaging.outbox.age", ObserveAge, "s",
            "Age of the oldest outbox row not yet confirmed by the broker (0 when the outbox is empty).");
    }

    internal void Published(string eventType) => _published.Add(1, Tag(eventType));

    internal void Dropped(string eventType) => _dropped.Add(1, Tag(eventType));

    internal void Consumed(string eventType) => _consumed.Add(1, Tag(eventType));

    internal void Retried(string eventType) => _retried.Add(1, Tag(eventType));

    internal void DeadLettered(string eventType, string reason) =>
        _deadLettered.Add(1, Tag(eventType), new KeyValuePair<string, object?>("vargo.dead_letter.reason", reason));

    /// <summary>The relay's last view of the unsent rows (count and oldest creation time).</summary>
    internal void OutboxObserved(int pending, DateTimeOffset? oldest) => _backlog = new OutboxBacklog(pending, oldest);

    private IEnumerable<Measurement<long>> ObservePending() =>
        _backlog is { } backlog ? [new Measurement<long>(backlog.Pending)] : [];

    private IEnumerable<Measurement<double>> ObserveAge() =>
        _backlog is { } backlog
            ? [new Measurement<double>(backlog.Oldest is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0)]
            : [];

    private static KeyValuePair<string, object?> Tag(string eventType) => new("vargo.event.type", eventType);

    private sealed record OutboxBacklog(int Pending, DateTimeOffset? Oldest);
}

/// <summary>Why a message went to the dead-letter queue (the <c>vargo.dead_letter.reason</c> tag).</summary>
internal static class DeadLetterReasons
{
    public const string AttemptsExhausted = "attempts_exhausted";
    public const string Unreadable = "unreadable";
    public const string Unhandled = "unhandled";
}
