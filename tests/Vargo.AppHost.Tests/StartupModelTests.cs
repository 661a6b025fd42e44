using Aspire.Hosting.Testing;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

/// <summary>
/// Builds (never starts) the local app model and checks the start-up settings of issue 14: services launched from
/// their build output, and started while RabbitMQ boots (README, "Infrastructure").
/// </summary>
public sealed class StartupModelTests
{
    private static readonly string[] Services = ["auth", "catalog", "inventory", "orders", "payment", "recommendation", "notification", "web", "gateway"];
    private static readonly string[] BusUsers = ["auth", "catalog", "inventory", "orders", "payment", "recommendation", "notification"];

    private static async Task<DistributedApplicationModel> BuildModelAsync(params string[] args)
    {
        // The model is built, not run: nothing is written to the data folder, so it can go at once.
        using var data = new TempFolder("vargo-model-");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
            ["--Infrastructure", "local", "--DataDirectory", data.Path, .. args]);
        // Disposed before the test goes on (see ContainersModelTests): the model stays readable.
        await using var app = await builder.BuildAsync();
        return app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    [Fact]
    public async Task Every_service_runs_from_its_build_output_with_its_project_folder_as_working_directory()
    {
        var model = await BuildModelAsync();

        foreach (var name in Services)
        {
            var project = Assert.IsType<ProjectResource>(model.Resources.Single(r => r.Name == name));
            var projectPath = project.GetProjectMetadata().ProjectPath;
            var launch = Assert.Single(project.Annotations.OfType<ExecutableAnnotation>());
            Assert.Equal("dotnet", launch.Command);
            Assert.Equal(Path.GetDirectoryName(projectPath), launch.WorkingDirectory);

            var args = new List<object>();
            foreach (var callback in project.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            {
                await callback.Callback(new CommandLineArgsCallbackContext(args, project));
            }
            var assembly = Assert.IsType<string>(args[0]);
            Assert.Equal(Path.GetFileNameWithoutExtension(projectPath) + ".dll", Path.GetFileName(assembly));
            Assert.True(File.Exists(assembly), $"{name}: {assembly} does not exist");
        }
    }

    [Fact]
    public async Task RunServicesFromBuildOutput_false_leaves_the_launch_to_Aspire()
    {
        var model = await BuildModelAsync("--RunServicesFromBuildOutput", "false");

        Assert.All(model.Resources.OfType<ProjectResource>(), project => Assert.Empty(project.Annotations.OfType<ExecutableAnnotation>()));
    }

    [Theory]
    [InlineData(null, WaitType.WaitUntilStarted)]
    [InlineData("false", WaitType.WaitUntilHealthy)]
    public async Task Services_wait_for_the_broker_to_start_or_with_StartServicesWithBroker_false_to_be_healthy(string? setting, WaitType expected)
    {
        var model = await BuildModelAsync(setting is null ? [] : ["--StartServicesWithBroker", setting]);

        foreach (var name in BusUsers)
        {
            var project = model.Resources.Single(r => r.Name == name);
            var wait = Assert.Single(project.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "messaging");
            Assert.Equal(expected, wait.WaitType);
            // Their databases are still waited for until healthy: migrations need them at start.
            Assert.Contains(project.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name.EndsWith("db", StringComparison.Ordinal)
                && w.WaitType == WaitType.WaitUntilHealthy);
        }
    }
}
