using System.Text.Json.Nodes;

namespace Vargo.AppHost.Tests.Deployment;

/// <summary>Each rule of the deployment contract fails on a hand-made manifest that breaks it, and only on that.</summary>
public sealed class DeploymentContractRuleTests
{
    private static readonly IReadOnlyDictionary<string, string[]> Connections = new Dictionary<string, string[]> { ["api"] = ["apidb"] };

    // A manifest that keeps every rule: one project on one port, its database, a secret parameter.
    private static JsonObject Good() => JsonNode.Parse("""
        {
          "resources": {
            "postgres": { "type": "container.v0", "image": "pgvector/pgvector:pg17",
                          "env": { "POSTGRES_PASSWORD": "{postgres-password.value}" },
                          "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } } },
            "postgres-password": { "type": "parameter.v0", "value": "{postgres-password.inputs.value}",
                                   "inputs": { "value": { "type": "string", "secret": true } } },
            "apidb": { "type": "value.v0", "connectionString": "{postgres.connectionString};Database=apidb" },
            "api": { "type": "project.v0", "path": "Api.csproj",
                     "env": { "ConnectionStrings__apidb": "{apidb.connectionString}", "Payment__Stripe__SecretKey": "{postgres-password.value}" },
                     "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http2", "targetPort": 8080 },
                                   "https": { "scheme": "https", "protocol": "tcp", "transport": "http2", "targetPort": 8080 },
                                   "health": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 8081 } } }
          }
        }
        """)!.AsObject();

    [Fact]
    public void A_manifest_that_keeps_the_rules_passes() => Assert.Empty(DeploymentContract.Check(Good(), Connections));

    [Fact]
    public void A_second_http_port_fails()
    {
        var manifest = Good();
        manifest["resources"]!["api"]!["bindings"]!["grpc"] = JsonNode.Parse("""{ "scheme": "http", "protocol": "tcp", "transport": "http2", "targetPort": 8082 }""");

        var violation = Assert.Single(DeploymentContract.Check(manifest, Connections));
        Assert.Contains("2 HTTP target ports", violation);
    }

    [Fact]
    public void A_constant_secret_fails()
    {
        var manifest = Good();
        manifest["resources"]!["api"]!["env"]!["Payment__Stripe__SecretKey"] = "sk_live_in_the_code";

        var violation = Assert.Single(DeploymentContract.Check(manifest, Connections));
        Assert.Contains("Payment__Stripe__SecretKey is a constant", violation);
    }

    [Fact]
    public void A_secret_from_a_parameter_that_is_not_secret_fails()
    {
        var manifest = Good();
        manifest["resources"]!["postgres-password"]!["inputs"]!["value"]!["secret"] = false;

        Assert.Equal(2, DeploymentContract.Check(manifest, Connections).Count(v => v.Contains("not secret: true")));
    }

    [Fact]
    public void A_volume_on_postgres_fails()
    {
        var manifest = Good();
        manifest["resources"]!["postgres"]!["volumes"] = JsonNode.Parse("""[{ "name": "pgdata", "target": "/var/lib/postgresql/data", "readOnly": false }]""");

        var violation = Assert.Single(DeploymentContract.Check(manifest, Connections));
        Assert.StartsWith("postgres: a data volume", violation);
    }

    [Fact]
    public void An_executable_fails()
    {
        var manifest = Good();
        manifest["resources"]!["redis"] = JsonNode.Parse("""{ "type": "executable.v0", "command": "redis-server", "workingDirectory": "." }""");

        var violation = Assert.Single(DeploymentContract.Check(manifest, Connections));
        Assert.StartsWith("redis: an executable resource", violation);
    }

    [Fact]
    public void A_connection_the_service_does_not_use_or_a_missing_one_fails()
    {
        var extra = Good();
        extra["resources"]!["api"]!["env"]!["ConnectionStrings__redis"] = "{redis.connectionString}";
        var missing = Good();
        missing["resources"]!["api"]!["env"]!.AsObject().Remove("ConnectionStrings__apidb");

        Assert.Contains("connections [apidb, redis], expected [apidb]", Assert.Single(DeploymentContract.Check(extra, Connections)));
        Assert.Contains("connections [], expected [apidb]", Assert.Single(DeploymentContract.Check(missing, Connections)));
    }
}
