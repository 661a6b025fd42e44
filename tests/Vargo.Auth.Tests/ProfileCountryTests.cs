using Microsoft.AspNetCore.Mvc;
using Vargo.Testing;

namespace Vargo.Auth.Tests;

/// <summary>Issue 13 item 10: a profile address's country is an assigned ISO 3166-1 alpha-2 code, checked against the real list.</summary>
public sealed class ProfileCountryTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    private static object Profile(string country) => new
    {
        displayName = "Grace",
        addresses = new[] { new { recipient = "Grace", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country } },
    };

    [Theory]
    [InlineData("ZZ")] // user-assigned
    [InlineData("XK")] // user-assigned (used for Kosovo by some, not assigned by ISO)
    [InlineData("UK")] // exceptionally reserved; the code is GB
    [InlineData("AN")] // withdrawn in 2010
    public async Task A_country_code_that_is_not_assigned_gets_400_naming_the_field(string country)
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());

        var put = await Client.SendWithTokenAsync(HttpMethod.Put, "/api/auth/me", tokens.access_token, Profile(country));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["addresses[0].country"], problem!.Errors.Keys);
    }

    [Theory]
    [InlineData("DE")]
    [InlineData("ss")] // assigned 2011; lower case is normalised
    public async Task An_assigned_country_code_is_accepted(string country)
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());

        var put = await Client.SendWithTokenAsync(HttpMethod.Put, "/api/auth/me", tokens.access_token, Profile(country));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }
}
