using Xunit;

namespace Vargo.Testing;

/// <summary>
/// Waits for what happens asynchronously (a consumed event, a delivered e-mail, a restarted service) without sleeping a
/// fixed time: polls, a little less often each time (50 ms up to 1 s), until the condition holds, and fails the test
/// naming what it waited for once the bound has passed. The one way tests wait; no hand-written polling loops.
/// </summary>
public static class Eventually
{
    /// <summary>
    /// The default bound. A bound, not an expectation: a loaded 2-core machine may take minutes to deliver an event.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        await ValueAsync(async () => await condition() ? (object)true : null, because, timeout);

    /// <summary>Polls until <paramref name="condition"/> holds (an in-memory condition: a flag, a metric, a file).</summary>
    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), because, timeout);

    /// <summary>Polls <paramref name="attempt"/> until it returns a value (not null) and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> attempt, string because, TimeSpan? timeout = null) where T : class
    {
        var bound = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(bound);
        var interval = FirstInterval;
        while (true)
        {
            if (await attempt() is { } value)
            {
                return value;
            }
            try
            {
                await Task.Delay(interval, deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {bound} waiting until {because}.");
            }
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
        }
    }
}
