using System.Net.Http.Headers;
using System.Text;
using Vargo.Testing;

namespace Vargo.Auth.Tests;

/// <summary>Issue 13 items 1 and 3: bodies that are not JSON, have the wrong shape or hold NUL are 400 problems naming the field.</summary>
public sealed class InputProblemTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    [Theory]
    [InlineData("/api/auth/register", "", "body")]
    [InlineData("/api/auth/register", "{", "body")]
    [InlineData("/api/auth/register", "null", "body")]
    [InlineData("/api/auth/register", "[]", "body")]
    [InlineData("/api/auth/register", """{"email": 5}""", "email")]
    [InlineData("/api/auth/login", "{", "body")]
    [InlineData("/api/auth/login", """{"email": 5, "password": "x"}""", "email")]
    [InlineData("/api/auth/refresh", "[]", "body")]
    [InlineData("/api/auth/refresh", """{"refreshToken": {"a": 1}}""", "refreshToken")]
    [InlineData("/api/auth/logout", "null", "body")]
    public async Task A_body_that_is_not_json_of_the_right_shape_is_a_400_problem_naming_the_field(string path, string body, string field)
    {
        var response = await Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await Problems.AssertBadRequestAsync(response, field, "urn:vargo:problems:malformed-body");
    }

    [Fact]
    public async Task A_display_name_holding_nul_is_a_400_naming_the_field()
    {
        var response = await Client.RegisterAsync(AuthTestClient.NewEmail(), name: "Ada\u0000Lovelace");

        await Problems.AssertBadRequestAsync(response, "displayName", "urn:vargo:problems:malformed-body");
    }

    [Fact]
    public async Task A_profile_address_holding_a_control_character_is_a_400_naming_the_field()
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/auth/me")
        {
            Content = JsonContent.Create(new
            {
                displayName = "Ada",
                addresses = new[] { new { recipient = "Ada", line1 = "1 Main\u0001St", city = "Paris", postalCode = "75001", country = "FR" } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.access_token);

        await Problems.AssertBadRequestAsync(await Client.SendAsync(request, TestContext.Current.CancellationToken), "addresses[0].line1", "urn:vargo:problems:malformed-body");
    }

    [Fact]
    public async Task A_missing_required_field_is_a_validation_problem()
    {
        var response = await Client.PostAsJsonAsync("/api/auth/register", new { email = "a@example.com", password = "correct horse battery" }, cancellationToken: TestContext.Current.CancellationToken);

        await Problems.AssertBadRequestAsync(response, "displayName", "urn:vargo:problems:validation");
    }
}
