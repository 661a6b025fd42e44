using System.Text.Json.Nodes;

namespace Vargo.AppHost.Tests.Deployment;

/// <summary>Publishes the AppHost's manifest (what `azd up` reads) into a temporary folder; no Docker, no Azure.</summary>
public static class PublishedManifest
{
    public static Task<JsonObject> PublishAsync(params string[] extraArgs) => PublishAsync(configure: null, extraArgs);

    /// <summary>Publishes after <paramref name="configure"/> changed the app model (to prove a rule catches a change).</summary>
    public static async Task<JsonObject> PublishAsync(Action<IDistributedApplicationTestingBuilder>? configure, params string[] extraArgs)
    {
        var folder = Directory.CreateTempSubdirectory("vargo-manifest-").FullName;
        try
        {
            var path = Path.Combine(folder, "manifest.json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
                ["--publisher", "manifest", "--output-path", path, .. extraArgs], timeout.Token);
            configure?.Invoke(builder);
            await using var app = await builder.BuildAsync(timeout.Token);
            await app.RunAsync(timeout.Token);
            return JsonNode.Parse(await File.ReadAllTextAsync(path, timeout.Token))!.AsObject();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
