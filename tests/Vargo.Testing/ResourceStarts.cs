using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Vargo.Testing;

/// <summary>Waiting for a resource that was just started again (a start command, a wipe).</summary>
public static class ResourceStarts
{
    /// <summary>
    /// Waits until <paramref name="resource"/>'s new process runs, then until it is healthy. Aspire's start command can
    /// answer before the resource's state has left the stop's terminal state (Exited), and
    /// <see cref="ResourceNotificationService.WaitForResourceHealthyAsync(string, CancellationToken)"/> gives up at once on a
    /// terminal state ("failed to start"): waiting for Running (or FailedToStart) first skips that stale state.
    /// </summary>
    public static async Task WaitForRestartedHealthyAsync(this ResourceNotificationService notifications, string resource, CancellationToken cancellationToken)
    {
        await notifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text is { } state && (state == KnownResourceStates.Running || state == KnownResourceStates.FailedToStart),
            cancellationToken);
        await notifications.WaitForResourceHealthyAsync(resource, cancellationToken);
    }
}
