using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A backing server that is down or restarting (PostgreSQL, Redis, RabbitMQ) is the server's trouble, not the client's:
/// the request gets 503 problem details with <c>Retry-After</c> instead of a 500. Recognised by the exception chain: a
/// transient database error (<see cref="DbException.IsTransient"/>, as Npgsql marks a refused or broken connection, also
/// inside EF Core's retry-limit exception), a socket error, or a Redis/RabbitMQ connection failure (matched by type name,
/// so ServiceDefaults needs neither client). Anything else stays a 500: a bug must not pass as an outage.
/// </summary>
public sealed class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client should wait before asking again (a restart of a local server takes about that).</summary>
    public const int RetryAfterSeconds = 2;

    private static readonly HashSet<string> ConnectionFailures =
    [
        "RedisConnectionException", "RedisTimeoutException", "BrokerUnreachableException",
        "AlreadyClosedException", "ConnectFailureException",
    ];

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning(exception, "A backing server did not answer {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        return await WriteAsync(problems, httpContext, exception, "A server this service needs is not answering right now.");
    }

    /// <summary>
    /// Writes the one 503 answer every Vargo service gives when something it needs is down: status 503,
    /// <c>Retry-After</c> <see cref="RetryAfterSeconds"/> s, problem type <see cref="VargoProblems.Unavailable"/> (set by the
    /// problem details customisation) with a fixed title and the <paramref name="detail"/> given. Handlers that recognise
    /// other outages (a gRPC peer that does not answer, for instance) write their answer with this too.
    /// </summary>
    public static async ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext httpContext, Exception exception, string detail)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Try again in a moment",
                Detail = detail,
            },
        });
    }

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says a backing server is unreachable.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DbException { IsTransient: true } or SocketException
                || ConnectionFailures.Contains(exception.GetType().Name))
            {
                return true;
            }
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsOutage))
            {
                return true;
            }
        }
        return false;
    }
}
