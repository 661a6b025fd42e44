using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vargo.AppHost.Tests.TryTheApi;

/// <summary>
/// The OpenAPI documents committed under <c>docs/openapi/</c> are what the build generates from the code
/// (Microsoft.Extensions.ApiDescription.Server, <c>eng/OpenApiDocuments.proj</c>), so a change to an API shows in
/// the pull request's diff. Needs no running app: the generator runs each service's entry point without servers.
/// It still sits in the app's collection, so its seven generator processes run after the app has started, never
/// beside the start on a 2-core machine (two loaded runs saw Recommendation fail to start next to them).
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class OpenApiDocumentTests
{
    private const string RefreshCommand = "dotnet build eng/OpenApiDocuments.proj";

    private static readonly string[] Documents = ["auth", "catalog", "inventory", "orders", "payment", "recommendation", "notification"];

    [Fact]
    public async Task The_committed_documents_match_what_the_build_generates()
    {
        var root = Path.GetDirectoryName(VargoHttpFileTests.RepositoryFile("Vargo.sln"))!;
        var generated = Directory.CreateTempSubdirectory("vargo-openapi-").FullName;
        try
        {
            var log = await GenerateAsync(root, generated);

            var drift = new List<string>();
            foreach (var name in Documents)
            {
                var committedFile = Path.Combine(root, "docs", "openapi", $"{name}.json");
                var generatedFile = Path.Combine(generated, $"{name}.json");
                Assert.True(File.Exists(generatedFile),
                    $"The build generated no {name}.json (found: {string.Join(", ", Directory.EnumerateFiles(generated).Select(Path.GetFileName))}):\n{log}");
                if (!File.Exists(committedFile))
                {
                    drift.Add($"docs/openapi/{name}.json is missing");
                }
                else if (FirstDifference(
                    JsonNode.Parse(await File.ReadAllTextAsync(committedFile, TestContext.Current.CancellationToken)),
                    JsonNode.Parse(await File.ReadAllTextAsync(generatedFile, TestContext.Current.CancellationToken)), "$") is { } where)
                {
                    drift.Add($"docs/openapi/{name}.json differs from the generated document at {where}");
                }
            }
            Assert.True(drift.Count == 0,
                $"The committed OpenAPI documents are out of date: {string.Join("; ", drift)}. Refresh them with `{RefreshCommand}` and commit docs/openapi/.");
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
    }

    [Fact]
    public async Task The_fuzz_test_reads_every_committed_document_security_and_all()
    {
        var root = Path.GetDirectoryName(VargoHttpFileTests.RepositoryFile("Vargo.sln"))!;
        var operations = new List<Fuzz.FuzzOperation>();
        foreach (var name in Documents)
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "docs", "openapi", $"{name}.json"), TestContext.Current.CancellationToken));
            Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _), name);
            operations.AddRange(Fuzz.OpenApiOperations.Read(name, document.RootElement.Clone()).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)));
        }

        // The same floor HostileInputFuzzTests asserts on the documents the services serve.
        Assert.True(operations.Count >= 40, $"Only {operations.Count} operations found in the OpenAPI documents.");
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/api/orders/checkout" } && o.HeaderParameters.Contains("Idempotency-Key") && o.SampleBody is not null);
    }

    /// <summary>The JSON path of the first difference (property order and formatting do not count), or null when equal.</summary>
    private static string? FirstDifference(JsonNode? committed, JsonNode? generated, string path)
    {
        if (JsonNode.DeepEquals(committed, generated))
        {
            return null;
        }
        switch (committed, generated)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                {
                    if (!a.ContainsKey(key) || !b.ContainsKey(key))
                    {
                        return $"{path}.{key} ({(a.ContainsKey(key) ? "not generated any more" : "new")})";
                    }
                    if (FirstDifference(a[key], b[key], $"{path}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }
                return path;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                return Enumerable.Range(0, a.Count).Select(i => FirstDifference(a[i], b[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null) ?? path;
            default:
                return $"{path} (committed {Shorten(committed)}, generated {Shorten(generated)})";
        }
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "nothing";
        return text.Length <= 80 ? text : text[..80] + "…";
    }

    private static async Task<string> GenerateAsync(string root, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No MSBuild node or build server outlives the test.
            // Generate only: the services are built (this project references them through the AppHost), and rebuilding them
            // here could rewrite files under the whole-system tests' running app.
            ArgumentList = { "msbuild", "eng/OpenApiDocuments.proj", "-t:Generate", "-nologo", "-v:m", "-nodeReuse:false", $"-p:OpenApiDocumentsDirectory={output}" },
            Environment = { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" },
        };
        // `dotnet test` may leave its own MSBuild settings in the environment; the nested build must pick its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && k != "MSBUILDDISABLENODEREUSE").ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A bound, not an expectation: a cold build of seven services on a loaded 2-core machine.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var log = $"{await stdout}\n{await stderr}";
        Assert.True(process.ExitCode == 0, $"Generating the documents (`dotnet msbuild eng/OpenApiDocuments.proj -t:Generate`) failed ({process.ExitCode}):\n{log}");
        return log;
    }
}
