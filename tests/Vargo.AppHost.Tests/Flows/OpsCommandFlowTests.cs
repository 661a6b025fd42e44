using Vargo.Testing;
using System.Net;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// The dashboard's resource commands, run the way the dashboard runs them (<see cref="ResourceCommandService"/>), against
/// the whole app; and their ops endpoints closed to everyone without the AppHost's per-run key.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class OpsCommandFlowTests(VargoAppFixture fixture)
{
    [Theory]
    [InlineData("catalog", "reseed-demo-catalog", "Demo catalog restored")]
    [InlineData("inventory", "rebuild-stock", "rebuilt from the ledger")]
    [InlineData("inventory", "replay-dead-letters", "dead letters")]
    [InlineData("orders", "replay-dead-letters", "dead letters")]
    [InlineData("recommendation", "replay-dead-letters", "dead letters")]
    [InlineData("notification", "replay-dead-letters", "dead letters")]
    [InlineData("notification", "mail-folder", "mail")]
    public async Task A_dashboard_command_runs_and_says_what_it_did(string resource, string command, string expected)
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();

        var result = await commands.ExecuteCommandAsync(resource, command, TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Contains(expected, result.Message);
    }

    [Fact]
    public async Task Re_running_the_back_fill_starts_it_over_and_it_finishes_again()
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();

        var result = await commands.ExecuteCommandAsync("recommendation", "rerun-backfill", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Contains("back-fill", result.Message);
        // The service answers at once and reads the catalog in the background: the dashboard shows it Degraded
        // meanwhile (when the run is quick, the probe may not catch it), and Healthy again once it is done.
        using var client = fixture.App.CreateHttpClient("recommendation", "http");
        await Eventually.TrueAsync(async () => (await client.GetStringAsync("/health")) == "Healthy", "the back-fill finished",
            TimeSpan.FromMinutes(3));
        // The dashboard's state follows at its next probe; other tests expect every resource healthy.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("recommendation", timeout.Token);
    }

    [Fact]
    public async Task Ops_endpoints_refuse_callers_without_the_key_and_are_not_routed_by_the_gateway()
    {
        using var inventory = fixture.App.CreateHttpClient("inventory", "http");
        using var gateway = fixture.CreateGatewayClient();
        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, "/ops/rebuild-stock") { Headers = { { "X-Vargo-Ops-Key", "guess" } } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await inventory.PostAsync("/ops/rebuild-stock", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await inventory.SendAsync(wrongKey, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.PostAsync("/ops/rebuild-stock", null, TestContext.Current.CancellationToken)).StatusCode);
    }
}
