using Vargo.Testing;

namespace Vargo.Auth.Tests;

public sealed class SecretsInLogsTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    [Fact]
    public async Task Passwords_and_tokens_never_reach_logs_or_traces()
    {
        var email = AuthTestClient.NewEmail();
        const string password = "Zebra-Quartz-Lantern-7731";
        const string wrongPassword = "Wrong-Quartz-Lantern-1234";
        const string newPassword = "Orbit-Velvet-Harbor-4410";

        var tokens = await Client.RegisterAndLoginAsync(email, password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.LoginAsync(email, wrongPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.RegisterAsync(AuthTestClient.NewEmail(), "short")).StatusCode);
        var refreshed = (await (await Client.RefreshAsync(tokens.refresh_token)).Content.ReadFromJsonAsync<Tokens>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RefreshAsync(tokens.refresh_token)).StatusCode); // reuse: logged as a warning
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendWithTokenAsync(HttpMethod.Post, "/api/auth/me/password",
            refreshed.access_token, new { currentPassword = password, newPassword })).StatusCode);

        var logs = string.Join('\n', Factory.CapturedLogs);
        var traces = string.Join('\n', Factory.CapturedTraces);
        Assert.Contains("/api/auth/login", logs, StringComparison.Ordinal); // the capture does see the requests
        Assert.Contains("reuse", logs, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in new[] { password, wrongPassword, newPassword, "short", tokens.refresh_token, refreshed.refresh_token, tokens.access_token })
        {
            Assert.DoesNotContain(secret == "short" ? "\"short\"" : secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret == "short" ? "\"short\"" : secret, traces, StringComparison.Ordinal);
        }
    }
}
