using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;

namespace Vargo.Orders.Apis;

/// <summary>
/// A peer (Catalog, Inventory, Payment) that does not answer in time before anything was taken, e.g. while
/// pricing a cart, is the server's trouble and passes: 503 problem details with Retry-After, not a 500.
/// Steps after an order exists never get here: the saga compensates them itself.
/// </summary>
public sealed class PeerUnavailableHandler(IProblemDetailsService problems, ILogger<PeerUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RpcException rpc || !IsPeerUnavailable(rpc))
        {
            return false;
        }
        logger.LogWarning(rpc, "A peer did not answer {Method} {Path}", http.Request.Method, http.Request.Path);
        return await DependencyUnavailableHandler.WriteAsync(problems, http, exception,
            "A service this request needs did not answer in time. Nothing was ordered or charged.");
    }

    /// <summary>
    /// The peer is down, slow or shedding load. The HTTP resilience handler under the gRPC client refuses a call
    /// itself when the peer's circuit is open or an attempt timed out; gRPC reports what it did not recognise as
    /// Internal, with the refusal as its debug exception.
    /// </summary>
    public static bool IsPeerUnavailable(RpcException rpc) =>
        rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
        || rpc.StatusCode is StatusCode.Internal && rpc.Status.DebugException is Polly.ExecutionRejectedException or TimeoutException;
}
