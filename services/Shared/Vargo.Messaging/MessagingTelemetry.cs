using System.Diagnostics;

namespace Vargo.Messaging;

/// <summary>
/// Spans for relay publishes and consumer handling. The trace context of the request that wrote an outbox row is stored
/// with the row and sent as W3C <c>traceparent</c>/<c>tracestate</c> headers, so one trace runs from the HTTP request
/// through the relay to every consumer.
/// </summary>
public static class MessagingTelemetry
{
    public const string ActivitySourceName = "Vargo.Messaging";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static Activity? StartPublish(string eventType, Guid messageId, string exchange, string? traceParent, string? traceState)
    {
        ActivityContext.TryParse(traceParent, traceState, out var parent);
        var activity = Source.StartActivity($"{eventType} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", exchange);
        activity?.SetTag("messaging.message.id", messageId.ToString());
        return activity;
    }

    internal static Activity? StartConsume(string eventType, string? messageId, string queue, IDictionary<string, object?>? headers)
    {
        ActivityContext.TryParse(
            MessageHeaders.GetString(headers, MessageHeaders.TraceParent),
            MessageHeaders.GetString(headers, MessageHeaders.TraceState),
            out var parent);
        var activity = Source.StartActivity($"{eventType} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", queue);
        activity?.SetTag("messaging.message.id", messageId);
        return activity;
    }

    /// <summary>Writes the publishing span's context, or the stored one when nobody listens to our spans.</summary>
    internal static void Inject(Activity? activity, string? storedTraceParent, string? storedTraceState, IDictionary<string, object?> headers)
    {
        var traceParent = activity?.Id ?? storedTraceParent;
        var traceState = activity is null ? storedTraceState : activity.TraceStateString;
        if (traceParent is not null)
        {
            headers[MessageHeaders.TraceParent] = traceParent;
        }
        if (!string.IsNullOrEmpty(traceState))
        {
            headers[MessageHeaders.TraceState] = traceState;
        }
    }
}
