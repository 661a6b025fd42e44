using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Vargo.Testing;

namespace Vargo.Auth.Tests;

public sealed class RateLimitTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:RateLimits:PerAccount:Login"] = "3",
        ["Auth:RateLimits:PerAccount:Refresh"] = "2",
        ["Auth:RateLimits:PerIp:Register"] = "4",
        ["Auth:RateLimits:Window"] = "00:10:00",
    };

    [Fact]
    public async Task Logins_per_account_are_limited_with_Retry_After()
    {
        var email = AuthTestClient.NewEmail();
        var other = AuthTestClient.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await Client.RegisterAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.RegisterAsync(other)).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.LoginAsync(email)).StatusCode);
        }
        var refused = await Client.LoginAsync(email);

        AssertTooManyRequests(refused);
        Assert.Equal("urn:vargo:problems:rate-limited", (await refused.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken: TestContext.Current.CancellationToken))!.Type);
        // The limit is per account: another account from the same address still logs in.
        Assert.Equal(HttpStatusCode.OK, (await Client.LoginAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Refreshes_per_account_are_limited_and_a_refused_token_stays_usable()
    {
        var email = AuthTestClient.NewEmail();
        var tokens = await Client.RegisterAndLoginAsync(email);
        for (var i = 0; i < 2; i++)
        {
            var response = await Client.RefreshAsync(tokens.refresh_token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            tokens = (await response.Content.ReadFromJsonAsync<Tokens>(cancellationToken: TestContext.Current.CancellationToken))!;
        }

        AssertTooManyRequests(await Client.RefreshAsync(tokens.refresh_token));

        // Refusing it did not consume it, so presenting it again later is not mistaken for theft.
        await using var database = new Npgsql.NpgsqlConnection(ConnectionString);
        await database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM "RefreshTokens" WHERE "ConsumedAt" IS NULL AND "RevokedAt" IS NULL""", database);
        Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Registrations_per_IP_are_limited_with_Retry_After()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Client.RegisterAsync(AuthTestClient.NewEmail())).StatusCode);
        }

        AssertTooManyRequests(await Client.RegisterAsync(AuthTestClient.NewEmail()));
    }

    private static void AssertTooManyRequests(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
    }
}
