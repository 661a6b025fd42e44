using System.Net.Http.Json;

namespace Vargo.AppHost;

/// <summary>
/// Dashboard resource commands backed by a service's ops endpoint (<c>POST /ops/{name}</c>, see ServiceDefaults'
/// OpsCommandExtensions). The AppHost generates one ops key per run and hands it to the services it adds commands to;
/// the command sends it in <c>X-Vargo-Ops-Key</c>. Run mode only: a published app has no ops endpoints.
/// </summary>
public static class OpsCommandExtensions
{
    private const string KeyHeader = "X-Vargo-Ops-Key";

    /// <summary>The per-run ops key (generated, secret, not persisted: a new one each start).</summary>
    public static IResourceBuilder<ParameterResource> AddOpsKey(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("ops-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

    /// <summary>Gives <paramref name="service"/> the ops key and a dashboard command per (name, display name, description).</summary>
    public static IResourceBuilder<ProjectResource> WithOpsCommands(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> key,
        params (string Name, string DisplayName, string Description, string Icon)[] commands)
    {
        service.WithEnvironment("Ops__Key", key);
        foreach (var command in commands)
        {
            service.WithHttpCommand($"/ops/{command.Name}", command.DisplayName, endpointName: "http", commandName: command.Name,
                new HttpCommandOptions
                {
                    Description = command.Description,
                    IconName = command.Icon,
                    Method = HttpMethod.Post,
                    PrepareRequest = async context =>
                        context.Request.Headers.Add(KeyHeader, await key.Resource.GetValueAsync(context.CancellationToken)),
                    GetCommandResult = async context =>
                    {
                        if (!context.Response.IsSuccessStatusCode)
                        {
                            return CommandResults.Failure($"{service.Resource.Name} answered {(int)context.Response.StatusCode} {context.Response.ReasonPhrase}.");
                        }
                        var result = await context.Response.Content.ReadFromJsonAsync<OpsAnswer>(context.CancellationToken);
                        return CommandResults.Success(result?.Message ?? "Done.");
                    }
                });
        }
        return service;
    }

    /// <summary>A dashboard command that only answers with a message (no service call): e.g. where the mail folder is.</summary>
    public static IResourceBuilder<T> WithInfoCommand<T>(
        this IResourceBuilder<T> resource, string name, string displayName, string description, string icon, string message)
        where T : IResource =>
        resource.WithCommand(name, displayName, _ => Task.FromResult(CommandResults.Success(message)),
            new CommandOptions { Description = description, IconName = icon, UpdateState = _ => ResourceCommandState.Enabled });

    private sealed record OpsAnswer(string Command, string Message);
}
