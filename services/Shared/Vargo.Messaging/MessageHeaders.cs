using System.Text;

namespace Vargo.Messaging;

/// <summary>AMQP headers the library reads and writes.</summary>
public static class MessageHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>1 for the first delivery; incremented each time the message is sent to a retry queue.</summary>
    public const string Attempt = "x-vargo-attempt";

    /// <summary>The last handler error (exception type and message) of a retried or dead-lettered message.</summary>
    public const string Error = "x-vargo-error";

    public const string FailedAt = "x-vargo-failed-at";

    internal static string? GetString(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                null => null,
                _ => value.ToString()
            }
            : null;

    internal static int GetInt(IDictionary<string, object?>? headers, string name, int fallback) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                int i => i,
                long l => (int)l,
                byte[] bytes when int.TryParse(Encoding.UTF8.GetString(bytes), out var parsed) => parsed,
                _ => fallback
            }
            : fallback;
}
