using System.Globalization;

namespace Vargo.Orders.Checkout;

/// <summary>
/// Durations of the checkout's steps, sent back in a standard <c>Server-Timing</c> header so a load test (or a
/// browser's dev tools) sees where the time goes without a trace backend.
/// </summary>
public sealed class ServerTiming(TimeProvider time)
{
    private readonly List<(string Step, TimeSpan Duration)> _steps = [];
    private readonly TimeProvider _time = time;

    public IDisposable Step(string name) => new Measurement(this, name, _time.GetTimestamp());

    public string Header => string.Join(", ", _steps.Select(s =>
        $"{s.Step};dur={s.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)}"));

    private sealed class Measurement(ServerTiming timing, string name, long started) : IDisposable
    {
        public void Dispose()
        {
            lock (timing._steps)
            {
                timing._steps.Add((name, timing._time.GetElapsedTime(started)));
            }
        }
    }
}
