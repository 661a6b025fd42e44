using System.Net.Http.Json;
using System.Text.Json;

namespace Vargo.AppHost.Tests.TryTheApi;

/// <summary>
/// The gateway's Scalar page lists the seven services' OpenAPI documents, which come through the gateway with the
/// gateway as their server and a bearer scheme on exactly the operations that need a token.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class ApiReferenceTests(VargoAppFixture fixture)
{
    private static readonly string[] Documents = ["auth", "catalog", "inventory", "orders", "payment", "recommendation", "notification"];

    [Fact]
    public async Task The_gateway_Scalar_page_lists_every_service_document()
    {
        using var client = fixture.CreateGatewayClient();

        var page = await client.GetAsync("/scalar/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // Scalar's configuration is inline in the page: the sources (relative to the app's root) and the preferred scheme.
        Assert.All(Documents, name => Assert.Contains($"openapi/{name}.json", html, StringComparison.Ordinal));
        Assert.Contains("\"preferredSecurityScheme\":[\"Bearer\"]", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/auth.json", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task A_document_through_the_gateway_names_the_gateway_as_server_and_asks_for_a_token_where_needed(string name)
    {
        using var client = fixture.CreateGatewayClient();

        var document = await client.GetFromJsonAsync<JsonElement>($"/openapi/{name}.json", TestContext.Current.CancellationToken);

        var server = Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString();
        Assert.Equal(client.BaseAddress!.ToString().TrimEnd('/'), server!.TrimEnd('/'));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));

        var operations = Operations(document).ToList();
        // Every service answers GET /api/{service}/info anonymously; every one has operations behind a token too.
        Assert.Contains(operations, o => o.Path.EndsWith("/info", StringComparison.Ordinal) && !o.NeedsToken);
        Assert.Contains(operations, o => o.NeedsToken);
    }

    [Fact]
    public async Task Public_operations_carry_no_security_requirement_and_the_others_name_bearer()
    {
        using var client = fixture.CreateGatewayClient();

        var auth = Operations(await client.GetFromJsonAsync<JsonElement>("/openapi/auth.json", TestContext.Current.CancellationToken)).ToList();
        var orders = Operations(await client.GetFromJsonAsync<JsonElement>("/openapi/orders.json", TestContext.Current.CancellationToken)).ToList();

        Assert.False(auth.Single(o => o is { Method: "post", Path: "/api/auth/login" }).NeedsToken);
        Assert.False(auth.Single(o => o is { Method: "post", Path: "/api/auth/register" }).NeedsToken);
        Assert.True(auth.Single(o => o is { Method: "get", Path: "/api/auth/me" }).NeedsToken);
        Assert.True(orders.Single(o => o is { Method: "post", Path: "/api/orders/checkout" }).NeedsToken);
        // And a token is what those answer without: the documents say what the services do.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    public static TheoryData<string> DocumentNames() => new(Documents);

    private static IEnumerable<(string Method, string Path, bool NeedsToken)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        let needsToken = operation.Value.TryGetProperty("security", out var security)
            && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _))
        select (operation.Name, path.Name, needsToken);
}
