using Vargo.Testing;

namespace Vargo.Auth.Tests;

public sealed class ExternalLoginsOffTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    [Theory]
    [InlineData("google")]
    [InlineData("microsoft")]
    public async Task An_unconfigured_provider_does_not_exist(string provider)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/auth/external/{provider}", TestContext.Current.CancellationToken)).StatusCode);
    }
}

public sealed class ExternalLoginsOnTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Authentication:Google:ClientId"] = "vargo-test-client",
        ["Authentication:Google:ClientSecret"] = "not-a-real-secret",
    };

    [Fact]
    public async Task A_configured_provider_sends_the_browser_to_it_with_a_callback_under_the_API()
    {
        using var client = Factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/auth/external/google", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("accounts.google.com", location.Host);
        Assert.Contains("client_id=vargo-test-client", location.Query, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("/api/auth/signin-google"), location.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/auth/external/microsoft", TestContext.Current.CancellationToken)).StatusCode);
    }
}
