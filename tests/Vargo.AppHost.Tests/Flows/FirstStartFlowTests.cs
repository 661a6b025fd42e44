using System.Net.Http.Json;
using Vargo.DemoData;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// What a newcomer meets on a first start (the shared fixture is one: a fresh data folder): search already complete, a demo
/// customer to sign in as, and the dashboard's links named.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class FirstStartFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    private static readonly string[] ApiServices = ["auth", "catalog", "inventory", "orders", "payment", "recommendation", "notification"];

    [Fact]
    public async Task Semantic_search_finds_a_demo_product_with_a_complete_index_once_the_app_is_ready()
    {
        // The fixture is ready when every resource is healthy: the same moment the AppHost prints "Vargo is ready".
        var product = DemoCatalog.Create().Products[0];
        using var client = Fixture.CreateGatewayClient();

        var result = await client.GetFromJsonAsync<SearchResult>(
            "/api/recommendations/search?mode=semantic&limit=10&q=" + Uri.EscapeDataString(product.Name), TestContext.Current.CancellationToken);

        Assert.True(result!.IndexComplete, result.Notice);
        Assert.Contains(result.Items, i => i.ProductId == product.Id);
    }

    [Fact]
    public async Task The_demo_customer_from_the_AppHost_parameters_signs_in()
    {
        var parameters = Fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        var email = await parameters.Single(p => p.Name == "demo-customer-email").GetValueAsync(TestContext.Current.CancellationToken);
        var password = await parameters.Single(p => p.Name == "demo-customer-password").GetValueAsync(TestContext.Current.CancellationToken);
        using var client = Fixture.CreateGatewayClient();

        var token = await LoginAsync(client, email!, password!);

        Assert.Equal("demo@vargo.local", email);
        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public void The_dashboard_links_each_service_s_Scalar_and_OpenAPI_and_the_gateway_s_storefront_by_name()
    {
        foreach (var service in ApiServices)
        {
            Assert.True(Fixture.App.ResourceNotifications.TryGetCurrentState(service, out var state), service);
            var links = state.Snapshot.Urls.Where(u => u.DisplayProperties.DisplayName is { Length: > 0 })
                .ToDictionary(u => u.DisplayProperties.DisplayName, u => u.Url);
            Assert.EndsWith("/scalar", links.GetValueOrDefault("Scalar"));
            Assert.EndsWith("/openapi/v1.json", links.GetValueOrDefault("OpenAPI"));
        }
        Assert.True(Fixture.App.ResourceNotifications.TryGetCurrentState("gateway", out var gateway));
        Assert.Contains(gateway.Snapshot.Urls, u => u.DisplayProperties.DisplayName == "Storefront");
    }

    private sealed record SearchResult(IReadOnlyList<Suggestion> Items, bool IndexComplete, string? Notice);

    private sealed record Suggestion(Guid ProductId, string Name);
}
