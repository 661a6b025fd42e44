using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Vargo.Auth.RateLimiting;

/// <summary>Fixed-window limits keyed by endpoint and account (normalized email, or refresh session).</summary>
public sealed class AccountRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(string Endpoint, string Account)> _limiter =
        PartitionedRateLimiter.Create<(string Endpoint, string Account), (string, string)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Item1 switch
                {
                    AuthRateLimits.Register => options.Value.PerAccount.Register,
                    AuthRateLimits.Login => options.Value.PerAccount.Login,
                    _ => options.Value.PerAccount.Refresh,
                },
                Window = options.Value.Window,
                QueueLimit = 0,
            }));

    /// <summary>True if the attempt may go ahead; otherwise <paramref name="retryAfter"/> says when.</summary>
    public bool TryAcquire(string endpoint, string account, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire((endpoint, account.ToUpperInvariant()));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.Window;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
