using System.Net.Http.Json;

namespace Vargo.AppHost.Tests;

[Collection(VargoAppCollection.Name)]
public sealed class SystemHealthTests(VargoAppFixture fixture)
{
    [Fact]
    public void Every_resource_is_healthy()
    {
        var notifications = fixture.App.ResourceNotifications;
        var unhealthy = fixture.ResourceNames()
            .Where(name => !notifications.TryGetCurrentState(name, out var e)
                || e.Snapshot.HealthStatus != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            .ToList();

        Assert.Empty(unhealthy);
        Assert.Contains("postgres", fixture.ResourceNames());
        Assert.Contains("redis", fixture.ResourceNames());
        Assert.Contains("messaging", fixture.ResourceNames());
    }

    [Theory]
    [InlineData("auth", "auth")]
    [InlineData("catalog", "catalog")]
    [InlineData("inventory", "inventory")]
    [InlineData("orders", "orders")]
    [InlineData("payments", "payment")]
    [InlineData("recommendations", "recommendation")]
    [InlineData("notifications", "notification")]
    public async Task Service_info_answers_through_the_gateway(string route, string service)
    {
        using var client = fixture.CreateGatewayClient();

        var info = await client.GetFromJsonAsync<ServiceInfoResponse>($"/api/{route}/info", cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(info);
        Assert.Equal(service, info.Name);
        Assert.False(string.IsNullOrWhiteSpace(info.Version));
    }

    private sealed record ServiceInfoResponse(string Name, string Version);
}
