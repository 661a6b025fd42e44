using System.Text.Json.Nodes;

namespace Vargo.AppHost.Tests.Deployment;

/// <summary>The published manifest keeps the deployment contract (docs/deployment.md) for every resource.</summary>
public sealed class DeploymentContractTests
{
    /// <summary>Each project's connection names: the same in every mode, so the published ones must be exactly these.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ConnectionNames = new Dictionary<string, string[]>
    {
        ["auth"] = ["authdb", "messaging"],
        ["catalog"] = ["catalogdb", "redis", "messaging"],
        ["inventory"] = ["inventorydb", "redis", "messaging"],
        ["orders"] = ["ordersdb", "messaging"],
        ["payment"] = ["paymentsdb", "messaging"],
        ["recommendation"] = ["recommendationdb", "messaging"],
        ["notification"] = ["notificationsdb", "messaging"],
        ["web"] = [],
        ["gateway"] = [],
    };

    [Fact]
    public async Task The_published_manifest_keeps_the_deployment_contract()
    {
        var manifest = await PublishedManifest.PublishAsync();

        Assert.Empty(DeploymentContract.Check(manifest, ConnectionNames));
        var projects = manifest["resources"]!.AsObject().Where(r => (string?)r.Value!["type"] == "project.v0").Select(r => r.Key);
        Assert.Equal(ConnectionNames.Keys.Order(), projects.Order());
    }

    [Theory]
    [InlineData("admin-password")]
    [InlineData("stripe-secret-key")]
    [InlineData("smtp-host")]
    [InlineData("smtp-username")]
    [InlineData("smtp-password")]
    [InlineData("assistant-endpoint")]
    [InlineData("assistant-api-key")]
    public async Task Every_deployment_secret_is_a_secret_parameter(string parameter)
    {
        var manifest = await PublishedManifest.PublishAsync();

        Assert.True(DeploymentContract.IsSecretParameter(manifest["resources"]!.AsObject(), parameter), $"{parameter} is not a secret parameter");
    }

    [Theory]
    [InlineData("admin-email", "admin@vargo.local")]
    [InlineData("smtp-port", "587")]
    [InlineData("assistant-provider", "None")]
    [InlineData("stripe-secret-key", "")]
    public async Task Parameters_publish_their_default_so_azd_can_skip_them(string parameter, string value)
    {
        var manifest = await PublishedManifest.PublishAsync();

        Assert.Equal(value, (string?)manifest["resources"]![parameter]!["inputs"]!["value"]!["default"]!["value"]);
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("inventory")]
    [InlineData("payment")]
    public async Task A_grpc_service_serves_rest_and_grpc_on_one_http2_ingress_and_answers_probes_inside(string service)
    {
        var manifest = await PublishedManifest.PublishAsync();
        var resource = manifest["resources"]![service]!;
        var bindings = resource["bindings"]!.AsObject();

        Assert.Null(bindings["grpc"]);
        Assert.Equal("http2", (string?)bindings["http"]!["transport"]);
        Assert.Equal("Http2", (string?)resource["env"]!["Kestrel__Endpoints__http__Protocols"]);
        Assert.Equal("tcp", (string?)bindings["health"]!["scheme"]);
        Assert.NotEqual(true, bindings["health"]!["external"]?.GetValue<bool>());
        // Its callers keep their address (http://_grpc.<service>): the name now points at the one endpoint.
        Assert.Equal($"{{{service}.bindings.http.url}}", (string?)manifest["resources"]!["orders"]!["env"]![$"services__{service}__grpc__0"]);
    }

    [Fact]
    public async Task With_a_managed_postgres_every_database_is_a_secret_connection_string_and_no_postgres_container_is_published()
    {
        var manifest = await PublishedManifest.PublishAsync("--Postgres", "managed");
        var resources = manifest["resources"]!.AsObject();

        Assert.Empty(DeploymentContract.Check(manifest, ConnectionNames));
        Assert.Null(resources["postgres"]);
        foreach (var database in new[] { "authdb", "inventorydb", "ordersdb", "paymentsdb", "recommendationdb", "notificationsdb" })
        {
            Assert.True(DeploymentContract.IsSecretParameter(resources, database), $"{database} is not a secret connection string");
        }
    }

    [Fact]
    public async Task A_second_http_port_on_a_real_service_breaks_the_contract()
    {
        var manifest = await PublishedManifest.PublishAsync(builder =>
            builder.CreateResourceBuilder<ProjectResource>("orders").WithHttpEndpoint(name: "admin", targetPort: 9090));

        Assert.Contains(DeploymentContract.Check(manifest, ConnectionNames), v => v.StartsWith("orders: 2 HTTP target ports", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_constant_secret_on_a_real_service_breaks_the_contract()
    {
        var manifest = await PublishedManifest.PublishAsync(builder =>
            builder.CreateResourceBuilder<ProjectResource>("payment").WithEnvironment("Payment__Stripe__SecretKey", "sk_live_in_the_code"));

        Assert.Contains("payment: Payment__Stripe__SecretKey is a constant; a secret must be a secret parameter", DeploymentContract.Check(manifest, ConnectionNames));
    }
}
