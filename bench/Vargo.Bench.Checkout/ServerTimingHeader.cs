using System.Globalization;

namespace Vargo.Bench.Checkout;

/// <summary>Reads a <c>Server-Timing</c> header (<c>name;dur=12.3, other;dur=4.5</c>) into (name, milliseconds) pairs.</summary>
internal static class ServerTimingHeader
{
    public static IEnumerable<(string Step, double Ms)> Parse(string header)
    {
        foreach (var metric in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = metric.Split(';', StringSplitOptions.TrimEntries);
            var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (duration is not null && double.TryParse(duration[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                yield return (parts[0], ms);
            }
        }
    }
}
