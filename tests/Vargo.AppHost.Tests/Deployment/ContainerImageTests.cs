using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Vargo.AppHost.Tests.Deployment;

/// <summary>
/// The image the SDK builds for each service (`dotnet publish -t:PublishContainer`, what azd runs), read from MSBuild's
/// computed container configuration: no Docker and no registry needed.
/// </summary>
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData("Auth", "auth")]
    [InlineData("Catalog", "catalog")]
    [InlineData("Inventory", "inventory")]
    [InlineData("Orders", "orders")]
    [InlineData("Payment", "payment")]
    [InlineData("Recommendation", "recommendation")]
    [InlineData("Notification", "notification")]
    [InlineData("Gateway", "gateway")]
    [InlineData("Web", "web")]
    public async Task Every_service_image_is_chiseled_non_root_and_named_for_its_service(string folder, string service)
    {
        var config = await ComputeContainerConfigAsync(Path.Combine("services", folder, $"Vargo.{folder}.csproj"));

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra", (string?)config["Properties"]!["ContainerBaseImage"]);
        Assert.Equal($"vargo/{service}", (string?)config["Properties"]!["ContainerRepository"]);
        Assert.Equal("app", (string?)config["Properties"]!["ContainerUser"]);
        Assert.Contains("8080", config["Items"]!["ContainerPort"]!.AsArray().Select(p => (string?)p!["Identity"]));
        Assert.Contains(service, config["Items"]!["ContainerLabel"]!.AsArray()
            .Where(l => (string?)l!["Identity"] == "com.vargo.service").Select(l => (string?)l!["Value"]));
    }

    private static async Task<JsonObject> ComputeContainerConfigAsync(string project)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Vargo.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Vargo.sln not found above the test's folder.");
        }

        var start = new ProcessStartInfo("dotnet",
            ["msbuild", Path.Combine(root.FullName, project), "-t:ComputeContainerConfig", "-nologo", "-nodeReuse:false",
             "-getProperty:ContainerBaseImage", "-getProperty:ContainerRepository", "-getProperty:ContainerUser",
             "-getItem:ContainerPort", "-getItem:ContainerLabel"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No MSBuild node or build server outlives the test.
            Environment = { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "false", ["MSBUILDDISABLENODEREUSE"] = "1" },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed: {await output}{await error}");
        return JsonNode.Parse(await output)!.AsObject();
    }
}
