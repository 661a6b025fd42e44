using Microsoft.Extensions.DependencyInjection;

namespace Vargo.Hosting.Local;

/// <summary>
/// Dashboard commands of the local servers beyond Aspire's own lifecycle commands. Stop, start and restart are Aspire's
/// built-in executable commands (<see cref="KnownResourceCommands"/>, on every local server already; PostgreSQL's launch
/// script turns the stop signal into a fast shutdown). What Aspire cannot know is where a server keeps its data: the
/// wipe command here stops the server, deletes its data and starts it empty, as a crash that lost the disk would.
/// </summary>
public static class LocalServerCommands
{
    /// <summary>The command name of <see cref="WithWipeDataCommand{T}"/>.</summary>
    public const string WipeData = "wipe-data";

    private static readonly TimeSpan StopBound = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Adds "Wipe data": stop (Aspire's stop command), delete <paramref name="dataFiles"/> (paths under the server's
    /// folder), start. Enabled while the server runs. Fails, naming the step, when a step fails; the server is then left
    /// as that step left it (a failed start can be retried with Aspire's start command).
    /// </summary>
    public static IResourceBuilder<T> WithWipeDataCommand<T>(this IResourceBuilder<T> server, params string[] dataFiles)
        where T : ExecutableResource =>
        server.WithCommand(WipeData, "Wipe data", context => WipeAsync(server.Resource, dataFiles, context), new CommandOptions
        {
            Description = "Stops the server, deletes its data and starts it empty",
            IconName = "Delete",
            ConfirmationMessage = $"Delete every key of {server.Resource.Name}? The services see an empty server.",
            IsHighlighted = false,
            UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });

    private static async Task<ExecuteCommandResult> WipeAsync(ExecutableResource server, string[] dataFiles, ExecuteCommandContext context)
    {
        var commands = context.Services.GetRequiredService<ResourceCommandService>();
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        var cancellationToken = context.CancellationToken;

        var stopped = await commands.ExecuteCommandAsync(server, KnownResourceCommands.StopCommand, cancellationToken);
        // The data may only go once the process has exited: a server still shutting down writes its data once more. What
        // counts is the state reached: on a loaded machine the stop command can report a failure while the process is
        // still on its way down.
        using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bound.CancelAfter(StopBound);
            try
            {
                await notifications.WaitForResourceAsync(server.Name, KnownResourceStates.TerminalStates, bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return CommandResults.Failure($"{server.Name} did not stop ({stopped.Message ?? "no message"}); nothing was deleted.");
            }
        }

        var deleted = 0;
        foreach (var path in dataFiles.Select(file => Path.Combine(server.WorkingDirectory, file)))
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
                deleted++;
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
                deleted++;
            }
        }

        var started = await commands.ExecuteCommandAsync(server, KnownResourceCommands.StartCommand, cancellationToken);
        if (!started.Success)
        {
            return CommandResults.Failure($"{server.Name} wiped ({deleted} data files deleted) but did not start: {started.Message}");
        }
        // The start command can answer before the resource's state leaves the stop's Exited: whoever runs this command
        // and then waits for the server to be healthy would meet that stale terminal state and be told it failed to start.
        // "Started" here means its new process is running.
        using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bound.CancelAfter(StopBound);
            try
            {
                var state = await notifications.WaitForResourceAsync(server.Name,
                    e => e.Snapshot.State?.Text is { } text && (text == KnownResourceStates.Running || text == KnownResourceStates.FailedToStart),
                    bound.Token);
                if (state.Snapshot.State?.Text == KnownResourceStates.FailedToStart)
                {
                    return CommandResults.Failure($"{server.Name} wiped ({deleted} data files deleted) but failed to start.");
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return CommandResults.Failure($"{server.Name} wiped ({deleted} data files deleted) but was not running within {StopBound.TotalSeconds:0} s.");
            }
        }
        return CommandResults.Success($"{server.Name} wiped ({deleted} data files deleted) and started empty.");
    }
}
