using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Vargo.Auth.RateLimiting;

/// <summary>
/// Per-IP limits are ASP.NET Core rate-limiter policies on the endpoints; per-account limits need the
/// email or session from the body, so the handlers ask <see cref="AccountRateLimiter"/>. Both answer 429
/// with <c>Retry-After</c>. Counters live in each replica's memory: with N replicas an attacker gets at
/// most N times the limit, which the lockout (in the database) still caps.
/// </summary>
public static class AuthRateLimits
{
    public const string Register = "register";
    public const string Login = "login";
    public const string Refresh = "refresh";

    public const string ProblemType = VargoProblems.TooManyRequests;

    public static IServiceCollection AddAuthRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<AccountRateLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await WriteTooManyRequestsAsync(context.HttpContext, retryAfter, cancellationToken);
            };
            limiter.AddPolicy(Register, context => PerIp(context, o => o.PerIp.Register));
            limiter.AddPolicy(Login, context => PerIp(context, o => o.PerIp.Login));
            limiter.AddPolicy(Refresh, context => PerIp(context, o => o.PerIp.Refresh));
        });
        return services;
    }

    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            type: ProblemType,
            title: "Too many requests",
            detail: "Too many attempts; retry after the time in the Retry-After header.");
    }

    private static async Task WriteTooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        await TooManyRequests(context, retryAfter).ExecuteAsync(context);
        await context.Response.CompleteAsync().WaitAsync(cancellationToken);
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter) =>
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static RateLimitPartition<string> PerIp(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var ip = context.Connection.RemoteIpAddress ?? IPAddress.None;
        return RateLimitPartition.GetFixedWindowLimiter(ip.ToString(), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = options.Window,
            QueueLimit = 0,
        });
    }
}
