using System.Collections.Concurrent;
using Yarp.ReverseProxy.Model;

namespace Vargo.Gateway.Extensions;

/// <summary>
/// One cancellation token per destination that fires when the gateway's active health check marks the destination
/// unhealthy. A proxied request links its <c>RequestAborted</c> to its destination's token, so a request already waiting
/// on a service that died (e.g. behind a local proxy that keeps accepting connections for a process that is gone) ends
/// when the probe notices, not at YARP's 100 s activity timeout. A destination that recovers gets a fresh token.
/// </summary>
/// <remarks>
/// The health state is read every <see cref="CheckInterval"/> rather than hooked into YARP's health policy: YARP keeps
/// its policies internal, and a one-second look at a handful of destinations costs nothing.
/// </remarks>
public sealed class DestinationOutages(TimeProvider time, ILogger<DestinationOutages> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<DestinationState, CancellationTokenSource> _outages = new();

    /// <summary>The token that fires when <paramref name="destination"/> is found unhealthy (at once if it already is).</summary>
    public CancellationToken TokenFor(DestinationState destination) =>
        _outages.GetOrAdd(destination, static _ => new CancellationTokenSource()).Token;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Check();
        }
    }

    /// <summary>Fires the token of every destination now unhealthy; replaces it once the destination is back.</summary>
    private void Check()
    {
        foreach (var (destination, outage) in _outages)
        {
            var unhealthy = destination.Health.Active == DestinationHealth.Unhealthy;
            if (unhealthy && !outage.IsCancellationRequested)
            {
                logger.LogWarning("Destination {Destination} failed its health probes; ending the requests waiting on it", destination.DestinationId);
                outage.Cancel();
            }
            else if (!unhealthy && outage.IsCancellationRequested)
            {
                // Not disposed: a request may still be linking to the old (fired) token; without a timer a source
                // holds nothing the collector cannot take.
                _outages.TryUpdate(destination, new CancellationTokenSource(), outage);
            }
        }
    }
}
