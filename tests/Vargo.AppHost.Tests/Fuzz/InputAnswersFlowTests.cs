using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vargo.AppHost.Tests.Flows;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Fuzz;

/// <summary>Issue 13's failing inputs 1, 3, 4 and 5, asked through the gateway as a client would, with the right answers.</summary>
[Collection(VargoAppCollection.Name)]
public sealed class InputAnswersFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    [Theory]
    [InlineData("", "body")]
    [InlineData("{", "body")]
    [InlineData("null", "body")]
    [InlineData("[]", "body")]
    [InlineData("""{"email": 5}""", "email")]
    public async Task Register_with_a_body_that_is_not_the_expected_json_is_a_400_problem(string body, string field)
    {
        using var client = Fixture.CreateGatewayClient();

        var response = await client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await Problems.AssertBadRequestAsync(response, field, "urn:vargo:problems:malformed-body");
    }

    [Fact]
    public async Task Register_with_nul_in_the_display_name_is_a_400_naming_it()
    {
        using var client = Fixture.CreateGatewayClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = NewEmail(), password = Password, displayName = "Ada\u0000" }, cancellationToken: TestContext.Current.CancellationToken);

        await Problems.AssertBadRequestAsync(response, "displayName", "urn:vargo:problems:malformed-body");
    }

    [Fact]
    public async Task A_cursor_with_an_offset_timestamp_is_a_400_naming_cursor()
    {
        using var client = Fixture.CreateGatewayClient();
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"sort":"newest","lastCreatedAt":"2026-11-30T10:00:00+02:00","lastSku":"ABC-1"}"""));

        var response = await client.GetAsync($"/api/catalog/products?cursor={cursor}", TestContext.Current.CancellationToken);

        await Problems.AssertBadRequestAsync(response, "cursor", "urn:vargo:problems:validation");
    }

    [Fact]
    public async Task Search_with_repeated_q_in_either_order_answers_each_request()
    {
        using var client = Fixture.CreateGatewayClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/search?q=AAA&q=BBB", cancellationToken: TestContext.Current.CancellationToken);
        var second = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/search?q=BBB&q=AAA", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("AAA", first.GetProperty("query").GetString());
        Assert.Equal("BBB", second.GetProperty("query").GetString());
    }

    [Fact]
    public async Task A_huge_page_number_reads_an_empty_page()
    {
        using var client = Fixture.CreateGatewayClient();
        var customer = await RegisterAndLoginAsync(client);

        var notifications = await SendAsync(client, HttpMethod.Get, $"/api/notifications/me?page={int.MaxValue}&pageSize=100", customer);
        var orders = await SendAsync(client, HttpMethod.Get, $"/api/orders?page={int.MaxValue}&pageSize=100", customer);

        Assert.Equal(HttpStatusCode.OK, notifications.StatusCode);
        Assert.Equal(0, (await notifications.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
        Assert.Equal(0, (await orders.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetArrayLength());
    }

    [Theory]
    [InlineData("/api/orders/cart", 401, "urn:vargo:problems:unauthorized")]
    [InlineData("/api/inventory/stock/NO-SUCH-SKU/ledger", 401, "urn:vargo:problems:unauthorized")]
    [InlineData("/api/no-such-service/anything", 404, "urn:vargo:problems:not-found")]
    public async Task Refusals_without_a_body_of_their_own_are_problem_details(string path, int status, string type)
    {
        using var client = Fixture.CreateGatewayClient();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_customer_asking_for_an_admin_operation_gets_a_403_problem()
    {
        using var client = Fixture.CreateGatewayClient();
        var customer = await RegisterAndLoginAsync(client);

        var response = await SendAsync(client, HttpMethod.Get, "/api/inventory/stock/NO-SUCH-SKU/ledger", customer);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
