using Xunit;

namespace Vargo.Testing;

/// <summary>Waits for what happens asynchronously (a consumed event, a delivered e-mail) without sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        // The default is a generous bound, not an expectation: a loaded 2-core machine may take minutes to deliver an event.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }
            await Task.Delay(100);
        }
    }
}
