using System.Globalization;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Vargo.Gateway.Extensions;

/// <summary>
/// A service that is down answers 503 at once, never a hang. Three parts:
/// <list type="bullet">
/// <item>every cluster's destinations are probed on <c>/alive</c> (the service's liveness, not its dependencies) every
/// <see cref="ProbeInterval"/>; a destination that failed <see cref="FailuresBeforeUnhealthy"/> probes in a row takes no
/// requests (<c>HealthyAndUnknown</c>: no panic mode that would send them to it anyway) until a probe answers again;</item>
/// <item>a request already waiting on a destination when the probe marks it unhealthy is ended then
/// (<see cref="DestinationOutages"/>): a service killed behind a proxy that keeps accepting connections (Aspire's local
/// proxy does, while it waits for the process to come back) would otherwise hold it until YARP's 100 s activity timeout;</item>
/// <item>a connection that cannot be made is given up after <see cref="ConnectTimeout"/>;</item>
/// <item>a request the proxy could not deliver, or got no answer for (<see cref="ForwarderError"/>), becomes
/// 503 problem details (<c>urn:vargo:problems:unavailable</c>) with <c>Retry-After</c>, instead of YARP's empty 502/503/504.</item>
/// </list>
/// </summary>
public static class UnavailableServiceExtensions
{
    // A dead destination is found within about two rounds of (interval + timeout), 10 s at most. /alive does no I/O,
    // so 3 s without an answer twice in a row is a process that is gone or hung, not one that is busy.
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public const int FailuresBeforeUnhealthy = 2;

    /// <summary>Seconds a client is told to wait (Retry-After): about one probe interval, when the gateway looks again.</summary>
    public const int RetryAfterSeconds = 5;

    public static IReverseProxyBuilder AddUnavailableServiceHandling(this IReverseProxyBuilder proxy)
    {
        proxy.Services.AddSingleton<IProxyConfigFilter, ProbeEveryCluster>();
        proxy.Services.AddSingleton<DestinationOutages>();
        proxy.Services.AddHostedService(services => services.GetRequiredService<DestinationOutages>());
        proxy.Services.Configure<ConsecutiveFailuresHealthPolicyOptions>(options => options.DefaultThreshold = FailuresBeforeUnhealthy);
        return proxy.ConfigureHttpClient((_, handler) => handler.ConnectTimeout = ConnectTimeout);
    }

    /// <summary>The proxy pipeline (YARP's default steps) wrapped by the 503 problem for undeliverable requests.</summary>
    public static ReverseProxyConventionBuilder MapReverseProxyWithUnavailableProblems(this IEndpointRouteBuilder app) =>
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(AnswerUndeliverableAsProblem);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.Use(EndWhenDestinationFails);
            proxy.UsePassiveHealthChecks();
        });

    private static async Task AnswerUndeliverableAsProblem(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.GetForwarderErrorFeature()?.Error ?? ForwarderError.None;
        if (!(IsServiceUnavailable(error) || context.Features.Get<DestinationFailed>() is not null) || context.Response.HasStarted)
        {
            return;
        }
        var service = context.GetReverseProxyFeature().Route.Cluster?.ClusterId ?? "the service";
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: VargoProblems.Unavailable,
                title: "Service unavailable", detail: $"{service} is not answering; retry after the time in the Retry-After header.")
            .ExecuteAsync(context);
    }

    /// <summary>
    /// Runs the forwarding (after load balancing has chosen the destination) with a <c>RequestAborted</c> that also
    /// fires when that destination turns unhealthy; the request then ends as "unavailable" (503) rather than as a client
    /// abort. The client's own token is put back before the response is written.
    /// </summary>
    private static async Task EndWhenDestinationFails(HttpContext context, Func<Task> next)
    {
        if (context.GetReverseProxyFeature().AvailableDestinations is not [var destination])
        {
            await next();
            return;
        }
        var outage = context.RequestServices.GetRequiredService<DestinationOutages>().TokenFor(destination);
        var clientAborted = context.RequestAborted;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, outage);
        context.RequestAborted = either.Token;
        try
        {
            await next();
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }
        if (outage.IsCancellationRequested && !clientAborted.IsCancellationRequested)
        {
            context.Features.Set(new DestinationFailed());
        }
    }

    /// <summary>Marks a request ended because its destination failed its probes while the request waited.</summary>
    private sealed class DestinationFailed;

    // The destination's trouble (down, unreachable, no answer); not the client's own aborts, whose response nobody reads.
    private static bool IsServiceUnavailable(ForwarderError error) => error is ForwarderError.NoAvailableDestinations
        or ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseHeaders or ForwarderError.RequestCreation;

    /// <summary>Adds the probe to every cluster from configuration, so appsettings.json stays a list of routes.</summary>
    private sealed class ProbeEveryCluster : IProxyConfigFilter
    {
        public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
            ValueTask.FromResult(cluster.HealthCheck is not null ? cluster : cluster with
            {
                HealthCheck = new HealthCheckConfig
                {
                    AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = ProbeInterval,
                        Timeout = ProbeTimeout,
                        Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                        Path = "/alive",
                    },
                },
            });

        public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
            ValueTask.FromResult(route);
    }
}
