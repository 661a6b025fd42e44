using Xunit;

namespace Vargo.Testing;

/// <summary>Waits for what happens asynchronously (a consumed event, a delivered e-mail) without sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
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
