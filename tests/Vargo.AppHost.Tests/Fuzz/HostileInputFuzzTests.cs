using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vargo.AppHost.Tests.Flows;

namespace Vargo.AppHost.Tests.Fuzz;

/// <summary>
/// Issue 13's proof: every operation of every service's OpenAPI document gets hostile path, query, header and body
/// values through the gateway, without a token, with a customer's and with an admin's, and nothing a client can send
/// may produce a 5xx. Deterministic: the requests are a pure function of the documents and a fixed seed; responses
/// are only checked for their status class, so neither the order nor the speed of answers matters.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class HostileInputFuzzTests(VargoAppFixture fixture, ITestOutputHelper output) : StorefrontFlowTests(fixture)
{
    private const int Seed = 13;
    private const int MinRequestsPerOperation = 30;
    private const int MaxRequestsPerOperation = 120;
    private static readonly string[] Services = ["auth", "catalog", "inventory", "orders", "payment", "recommendation", "notification"];
    // Query names read straight from the query string by some handlers (so not in their documents); sent to every GET.
    private static readonly string[] CommonQueryNames = ["q", "cursor", "limit", "offset", "page", "pageSize", "sort", "sku"];

    [Fact]
    public async Task No_operation_answers_a_hostile_request_with_a_server_error()
    {
        using var client = Fixture.CreateGatewayClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        var tokens = new Dictionary<Caller, string?>
        {
            [Caller.Anonymous] = null,
            [Caller.Customer] = await RegisterAndLoginAsync(client),
            [Caller.Admin] = await AdminAsync(client),
        };
        var ids = await SomeoneElsesIdsAsync(client);

        var operations = new List<FuzzOperation>();
        foreach (var service in Services)
        {
            using var direct = Fixture.App.CreateHttpClient(service, "http");
            var document = await direct.GetFromJsonAsync<JsonElement>("/openapi/v1.json", cancellationToken: TestContext.Current.CancellationToken);
            operations.AddRange(OpenApiOperations.Read(service, document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)));
        }
        operations.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        var random = new Random(Seed);
        var plan = operations.Select(o => (Operation: o, Requests: Plan(o, ids, random))).ToList();
        var failures = new ConcurrentBag<string>();
        var sent = 0;
        await Parallel.ForEachAsync(plan.SelectMany(p => p.Requests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (fuzz, ct) =>
        {
            using var request = fuzz.ToRequest(tokens[fuzz.Caller]);
            using var response = await client.SendAsync(request, ct);
            Interlocked.Increment(ref sent);
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                failures.Add($"{(int)response.StatusCode} {fuzz.Describe()} -> {body[..Math.Min(body.Length, 300)]}");
            }
        });

        output.WriteLine($"Fuzzed {operations.Count} operations with {sent} requests (seed {Seed}); {failures.Count} server errors.");
        foreach (var (operation, requests) in plan)
        {
            var sample = operation.SampleBody?.ToJsonString() ?? "";
            output.WriteLine($"  {requests.Count,4}  {operation.Service,-14} {operation.Name}  {sample[..Math.Min(sample.Length, 160)]}");
        }
        foreach (var failure in failures.Order(StringComparer.Ordinal).Take(200))
        {
            output.WriteLine(failure);
        }
        Assert.True(operations.Count >= 40, $"Only {operations.Count} operations found in the OpenAPI documents.");
        Assert.All(plan, p => Assert.True(p.Requests.Count >= MinRequestsPerOperation, $"{p.Operation.Name}: {p.Requests.Count} requests"));
        Assert.Empty(failures);
    }

    /// <summary>Ids that exist but belong to someone else (another customer, a real product), beside random ones.</summary>
    private static async Task<IReadOnlyList<string>> SomeoneElsesIdsAsync(HttpClient client)
    {
        var other = await RegisterAndLoginAsync(client);
        var me = await SendAsync(client, HttpMethod.Get, "/api/auth/me", other);
        var otherId = (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var products = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?limit=1");
        var product = products.GetProperty("items")[0];
        return [otherId, product.GetProperty("id").GetString()!, product.GetProperty("sku").GetString()!, "00000000-0000-0000-0000-000000000000"];
    }

    private static List<FuzzRequest> Plan(FuzzOperation operation, IReadOnlyList<string> ids, Random random)
    {
        var text = HostileValues.Text(ids);
        var json = HostileValues.Json(ids);
        var candidates = new List<FuzzRequest>();
        FuzzRequest Make(Dictionary<string, string>? path = null, List<KeyValuePair<string, string>>? query = null,
            Dictionary<string, string>? headers = null, string? body = null, string contentType = "application/json") =>
            new(operation, path ?? [], query ?? [], headers ?? [], body ?? operation.SampleBody?.ToJsonString(), contentType,
                (Caller)random.Next(3), new Guid(Bytes(random, 16)).ToString());

        foreach (var caller in Enum.GetValues<Caller>())
        {
            candidates.Add(Make() with { Caller = caller });
        }
        foreach (var name in operation.PathParameters)
        {
            candidates.AddRange(text.Select(value => Make(path: new() { [name] = value })));
        }
        var queryNames = operation.QueryParameters.Concat(operation.Method == "GET" ? CommonQueryNames : []).Distinct();
        foreach (var name in queryNames)
        {
            candidates.AddRange(text.Select(value => Make(query: [new(name, value)])));
            candidates.Add(Make(query: [new(name, "AAA"), new(name, "BBB")]));
        }
        foreach (var name in operation.HeaderParameters)
        {
            // HttpClient refuses control characters in headers before sending, so headers get the printable values.
            candidates.AddRange(text.Where(v => v.All(c => c >= ' ' && c < '\u007f')).Select(value => Make(headers: new() { [name] = value })));
        }
        if (operation.SampleBody is not null)
        {
            candidates.AddRange(HostileValues.Bodies.Select(body => Make(body: body)));
            candidates.Add(Make(contentType: "text/plain"));
            foreach (var path in FieldPaths(operation.SampleBody))
            {
                candidates.AddRange(json.Select(value => Make(body: Replace(operation.SampleBody, path, value))));
            }
        }
        else if (operation.Method is "POST" or "PUT" or "PATCH")
        {
            candidates.AddRange(HostileValues.Bodies.Select(body => Make(body: body)));
        }

        // Keep the baseline requests, then a seeded sample of the rest: bounded time, same requests every run.
        var rest = candidates.Skip(3).OrderBy(_ => random.Next()).Take(MaxRequestsPerOperation - 3);
        var chosen = candidates.Take(3).Concat(rest).ToList();
        while (chosen.Count < MinRequestsPerOperation)
        {
            // Few parameters: repeat the hostile bodies and query values with each caller.
            chosen.Add(Make(query: [new(CommonQueryNames[chosen.Count % CommonQueryNames.Length], text[chosen.Count % text.Count])],
                body: operation.SampleBody is null ? null : HostileValues.Bodies[chosen.Count % HostileValues.Bodies.Count]));
        }
        return chosen;
    }

    /// <summary>JSON paths of the fields of a sample body, nested objects and first array items included.</summary>
    private static IEnumerable<string[]> FieldPaths(JsonNode node, string[]? prefix = null)
    {
        prefix ??= [];
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    string[] path = [.. prefix, name];
                    yield return path;
                    if (value is not null && prefix.Length < 3)
                    {
                        foreach (var inner in FieldPaths(value, path))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
            case JsonArray { Count: > 0 } array when array[0] is { } first:
                string[] itemPath = [.. prefix, "0"];
                yield return itemPath;
                foreach (var inner in FieldPaths(first, itemPath))
                {
                    yield return inner;
                }
                break;
        }
    }

    private static string Replace(JsonNode sample, string[] path, string rawValue)
    {
        const string Marker = "\"@@fuzz-marker@@\"";
        var copy = sample.DeepClone();
        JsonNode parent = copy;
        foreach (var step in path[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)]! : parent[step]!;
        }
        var marker = JsonValue.Create("@@fuzz-marker@@");
        if (parent is JsonArray array)
        {
            array[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = marker;
        }
        else
        {
            parent[path[^1]] = marker;
        }
        // Raw tokens such as 1e309 or deep nesting cannot be built as nodes: splice them into the text.
        return copy.ToJsonString().Replace(Marker, rawValue, StringComparison.Ordinal);
    }

    private enum Caller { Anonymous, Customer, Admin }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed record FuzzRequest(
        FuzzOperation Operation, Dictionary<string, string> PathValues, List<KeyValuePair<string, string>> Query,
        Dictionary<string, string> Headers, string? Body, string ContentType, Caller Caller, string DefaultHeaderValue)
    {
        public HttpRequestMessage ToRequest(string? token)
        {
            var path = new StringBuilder(Operation.Path);
            foreach (var name in Operation.PathParameters)
            {
                var value = PathValues.TryGetValue(name, out var hostile) ? hostile : SampleFor(name);
                path.Replace("{" + name + "}", Uri.EscapeDataString(value));
            }
            if (Query.Count > 0)
            {
                path.Append('?').AppendJoin('&', Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
            }
            var request = new HttpRequestMessage(new HttpMethod(Operation.Method), path.ToString());
            if (Body is not null)
            {
                request.Content = new StringContent(Body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType) { CharSet = "utf-8" };
            }
            foreach (var name in Operation.HeaderParameters)
            {
                request.Headers.TryAddWithoutValidation(name, Headers.TryGetValue(name, out var value) ? value : DefaultHeaderValue);
            }
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            return request;
        }

        public string Describe() =>
            $"{Caller} {Operation.Method} {Operation.Path} path={Show(string.Join(',', PathValues.Values))} " +
            $"query={Show(string.Join('&', Query.Select(q => q.Key + "=" + q.Value)))} headers={Show(string.Join(',', Headers.Values))} " +
            $"body={Show(Body ?? "")}";

        private static string SampleFor(string name) =>
            name.Contains("id", StringComparison.OrdinalIgnoreCase) ? "3f2504e0-4f89-11d3-9a0c-0305e82c3301" : "fuzz";

        private static string Show(string value)
        {
            var shown = value.Length > 80 ? value[..80] + $"…({value.Length})" : value;
            return JsonSerializer.Serialize(shown);
        }
    }
}
