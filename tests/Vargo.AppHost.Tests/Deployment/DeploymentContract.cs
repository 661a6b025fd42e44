using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vargo.AppHost.Tests.Deployment;

/// <summary>
/// The rules a published Aspire manifest must keep for `azd up` (Azure Container Apps), checked on the manifest's JSON so
/// a hand-made bad manifest proves each rule bites. Returns one sentence per broken rule; an empty list is a pass.
/// </summary>
public static partial class DeploymentContract
{
    /// <summary>Servers whose data folder cannot live on an Azure Files share (the only volume Container Apps offers).</summary>
    public static readonly IReadOnlySet<string> NoVolumeServers = new HashSet<string> { "postgres", "mongo" };

    /// <summary>Environment variables that carry a secret: their value must come from a secret parameter, never a constant.</summary>
    [GeneratedRegex("(?i)(pass|secret|api_?key|token|^smtp__host$|^smtp__username$|^assistant__endpoint$)")]
    private static partial Regex SecretVariable();

    [GeneratedRegex(@"^\{([^.{}]+)\.value\}$")]
    private static partial Regex ParameterValue();

    [GeneratedRegex(@"\{([^.{}]+)\.")]
    private static partial Regex ReferencedResource();

    public static IReadOnlyList<string> Check(JsonObject manifest, IReadOnlyDictionary<string, string[]> connectionNames)
    {
        var resources = manifest["resources"]!.AsObject();
        var violations = new List<string>();

        foreach (var (name, node) in resources)
        {
            var resource = node!.AsObject();
            var type = (string?)resource["type"] ?? "";

            if (type.StartsWith("executable.", StringComparison.Ordinal))
            {
                violations.Add($"{name}: an executable resource ({type}); a deployment runs containers only");
            }

            if (type.StartsWith("project.", StringComparison.Ordinal))
            {
                CheckIngress(name, resource, violations);
                CheckConnections(name, resource, connectionNames, violations);
            }

            if (NoVolumeServers.Contains(name) && (resource["volumes"] is JsonArray { Count: > 0 } || resource["bindMounts"] is JsonArray { Count: > 0 }))
            {
                violations.Add($"{name}: a data volume; on Container Apps that is an Azure Files share the server cannot run on");
            }

            CheckSecrets(name, resource, resources, violations);
        }

        return violations;
    }

    /// <summary>A container app has one HTTP ingress port: every http/https binding of a project targets the same port.</summary>
    private static void CheckIngress(string name, JsonObject project, List<string> violations)
    {
        if (project["bindings"] is not JsonObject bindings)
        {
            return;
        }

        var httpPorts = bindings
            .Where(b => (string?)b.Value!["scheme"] is "http" or "https")
            .Select(b => b.Value!["targetPort"]?.ToString() ?? "default")
            .Distinct()
            .ToList();
        if (httpPorts.Count > 1)
        {
            violations.Add($"{name}: {httpPorts.Count} HTTP target ports ({string.Join(", ", httpPorts)}); a container app has one HTTP ingress port");
        }
    }

    /// <summary>What the project is handed (ConnectionStrings__x) is exactly what the service asks for.</summary>
    private static void CheckConnections(string name, JsonObject project, IReadOnlyDictionary<string, string[]> connectionNames, List<string> violations)
    {
        var given = (project["env"] as JsonObject ?? [])
            .Select(e => e.Key)
            .Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            .Select(k => k["ConnectionStrings__".Length..])
            .ToHashSet();
        var expected = connectionNames.TryGetValue(name, out var names) ? names.ToHashSet() : [];

        if (!given.SetEquals(expected))
        {
            violations.Add($"{name}: connections [{string.Join(", ", given.Order())}], expected [{string.Join(", ", expected.Order())}]");
        }
    }

    /// <summary>A secret-looking variable takes its whole value from a parameter marked secret.</summary>
    private static void CheckSecrets(string name, JsonObject resource, JsonObject resources, List<string> violations)
    {
        if (resource["env"] is not JsonObject env)
        {
            return;
        }

        foreach (var (variable, value) in env)
        {
            if (!SecretVariable().IsMatch(variable))
            {
                continue;
            }

            var text = value?.ToString() ?? "";
            var parameter = ParameterValue().Match(text);
            if (parameter.Success)
            {
                if (!IsSecretParameter(resources, parameter.Groups[1].Value))
                {
                    violations.Add($"{name}: {variable} comes from parameter '{parameter.Groups[1].Value}', which is not secret: true");
                }
            }
            else if (!ReferencedResource().IsMatch(text))
            {
                violations.Add($"{name}: {variable} is a constant; a secret must be a secret parameter");
            }
        }
    }

    public static bool IsSecretParameter(JsonObject resources, string name) =>
        resources[name] is JsonObject parameter
        && (string?)parameter["type"] == "parameter.v0"
        && parameter["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true;
}
