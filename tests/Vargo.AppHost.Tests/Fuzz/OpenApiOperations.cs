using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vargo.AppHost.Tests.Fuzz;

/// <summary>An operation of a service's OpenAPI document, with a valid-looking sample of its body.</summary>
internal sealed record FuzzOperation(
    string Service, string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters,
    IReadOnlyList<string> HeaderParameters, JsonNode? SampleBody)
{
    public string Name => $"{Method} {Path}";
}

/// <summary>Reads the operations of an OpenAPI 3.x document (as ASP.NET Core's <c>/openapi/v1.json</c> serves it).</summary>
internal static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static IEnumerable<FuzzOperation> Read(string service, JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation))
                {
                    continue;
                }
                var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                string[] Names(string location) => parameters
                    .Where(x => x.GetProperty("in").GetString() == location).Select(x => x.GetProperty("name").GetString()!).ToArray();

                JsonNode? body = null;
                if (operation.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.TryGetProperty("content", out var content))
                {
                    var media = content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal));
                    body = media.Value.ValueKind == JsonValueKind.Object && media.Value.TryGetProperty("schema", out var schema)
                        ? Sample(schema, schemas, 0) ?? new JsonObject()
                        : new JsonObject();
                }
                yield return new FuzzOperation(service, method.ToUpperInvariant(), path.Name, Names("path"), Names("query"), Names("header"), body);
            }
        }
    }

    /// <summary>A plausible value for a schema: the shape the operation expects, so one bad field is what gets tested.</summary>
    private static JsonNode? Sample(JsonElement schema, JsonElement schemas, int depth, string? name = null)
    {
        if (depth > 6)
        {
            return null;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var schemaName = reference.GetString()!.Split('/')[^1];
            return schemas.ValueKind == JsonValueKind.Object && schemas.TryGetProperty(schemaName, out var target) ? Sample(target, schemas, depth + 1) : null;
        }
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var first = options.EnumerateArray().FirstOrDefault(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
                return first.ValueKind == JsonValueKind.Object ? Sample(first, schemas, depth + 1, name) : null;
            }
        }
        var type = TypeOf(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "object":
            case null when schema.TryGetProperty("properties", out _):
                var result = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        result[property.Name] = Sample(property.Value, schemas, depth + 1, property.Name);
                    }
                }
                return result;
            case "array":
                var item = schema.TryGetProperty("items", out var items) ? Sample(items, schemas, depth + 1) : null;
                return new JsonArray(item);
            case "integer":
                return JsonValue.Create(name switch { "expMonth" => 12, "expYear" => 2030, _ => 1 });
            case "number":
                return JsonValue.Create(1.5m);
            case "boolean":
                return JsonValue.Create(true);
            case "string":
                if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
                {
                    return JsonValue.Create(values[0].ToString());
                }
                return JsonValue.Create(format switch
                {
                    "uuid" => "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                    "date-time" => "2026-11-30T10:00:00Z",
                    "date" => "2026-11-30",
                    _ => ValidText(name),
                });
            default:
                // No type: a free-form value (a JsonElement) or a string whose type the document leaves out.
                return JsonValue.Create("fuzz");
        }
    }

    /// <summary>A value the field's rules accept, so a mutation of one other field is what the request tests.</summary>
    private static string ValidText(string? name) => name switch
    {
        "email" => "fuzz@example.com",
        "password" or "currentPassword" or "newPassword" => "correct horse battery staple",
        "currency" => "USD",
        "country" => "FR",
        "sku" => "FUZZ-1",
        "number" => "4242424242424242",
        "cvc" => "123",
        "status" => "active",
        "type" => "text",
        "phone" => "+33 6 12 34 56 78",
        _ => "fuzz",
    };

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return null;
        }
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }
}
