using Vargo.AppHost.Infrastructure;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

public sealed class InfrastructureModeTests
{
    private static readonly Func<ContainerRuntimeStatus> RuntimeUp = () => new("docker", true, "engine running");
    private static readonly Func<ContainerRuntimeStatus> RuntimeDown = () => new("docker", false, "engine not running");

    [Theory]
    [InlineData(null)]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void Auto_picks_local_when_no_runtime_answers(string? setting) =>
        Assert.Equal(InfrastructureMode.Local, InfrastructureModeSelector.Choose(setting, isPublishMode: false, RuntimeDown).Mode);

    [Fact]
    public void Auto_picks_containers_when_a_runtime_answers() =>
        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeSelector.Choose("auto", isPublishMode: false, RuntimeUp).Mode);

    [Fact]
    public void Publishing_always_uses_containers() =>
        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeSelector.Choose("local", isPublishMode: true, RuntimeDown).Mode);

    [Fact]
    public void An_explicit_setting_wins_over_the_probe()
    {
        Assert.Equal(InfrastructureMode.Local, InfrastructureModeSelector.Choose("local", false, RuntimeUp).Mode);
        Assert.Equal(InfrastructureMode.Containers, InfrastructureModeSelector.Choose("containers", false, RuntimeDown).Mode);
    }

    [Fact]
    public void An_unknown_setting_is_rejected_by_name()
    {
        var error = Assert.Throws<DistributedApplicationException>(() => InfrastructureModeSelector.Choose("kubernetes", false, RuntimeDown));
        Assert.Contains("Infrastructure", error.Message);
    }

    [Fact]
    public void Probe_reports_a_missing_runtime()
    {
        var status = ContainerRuntimeProbe.Probe("vargo-no-such-runtime", TimeSpan.FromSeconds(1));
        Assert.False(status.Answered);
        Assert.Contains("not installed", status.Detail);
    }

    [Theory]
    [InlineData("exit 1", false)]
    [InlineData("exit 0", true)]
    [InlineData("sleep 30", false)]
    public void The_probe_follows_the_runtimes_answer(string body, bool answered)
    {
        using var folder = new TempFolder("vargo-probe-");
        var runtime = FakeRuntime(folder, body);

        var status = ContainerRuntimeProbe.Probe(runtime, TimeSpan.FromSeconds(1));

        Assert.Equal(answered, status.Answered);
    }

    [Fact]
    public async Task Auto_builds_a_local_model_when_the_runtime_is_down()
    {
        using var probe = new TempFolder("vargo-probe-");
        using var data = new TempFolder("vargo-model-");
        var runtime = FakeRuntime(probe, "exit 1");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(["--Infrastructure", "auto", "--ASPIRE_CONTAINER_RUNTIME", runtime,
             "--DataDirectory", data.Path], TestContext.Current.CancellationToken);
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.IsType<ExecutableResource>(model.Resources.Single(r => r.Name == "postgres"), exactMatch: false);
    }

    /// <summary>A stand-in for `docker`: answers `info` the way an engine that is down, up or hung would.</summary>
    private static string FakeRuntime(TempFolder folder, string body)
    {
        var runtime = Path.Combine(folder.Path, "fake-runtime");
        File.WriteAllText(runtime, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        return runtime;
    }
}

public sealed class InfrastructureModeHistoryTests
{
    [Fact]
    public void A_switch_from_local_to_containers_is_announced_with_where_the_old_data_is()
    {
        var folder = Directory.CreateTempSubdirectory("vargo-mode-").FullName;
        try
        {
            InfrastructureModeHistory.Record(folder, InfrastructureMode.Local);

            var notice = InfrastructureModeHistory.SwitchNotice(InfrastructureModeHistory.Read(folder),
                new(InfrastructureMode.Containers, "auto: container runtime 'docker' answered"), folder);

            Assert.NotNull(notice);
            Assert.Contains("SWITCHED: local -> containers", notice);
            Assert.Contains(folder, notice);
            Assert.Contains("Infrastructure=local", notice);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_switch_back_to_local_points_at_the_container_volumes() =>
        Assert.Contains("docker volume ls", InfrastructureModeHistory.SwitchNotice(
            InfrastructureMode.Containers, new(InfrastructureMode.Local, "auto: no container runtime answered"), "/data")!);

    [Fact]
    public void The_same_mode_or_a_first_run_says_nothing()
    {
        Assert.Null(InfrastructureModeHistory.SwitchNotice(InfrastructureMode.Local, new(InfrastructureMode.Local, "auto"), "/data"));
        Assert.Null(InfrastructureModeHistory.SwitchNotice(null, new(InfrastructureMode.Containers, "auto"), "/data"));
    }
}
