using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vargo.Bench.Catalog;
using Vargo.Bench.Checkout;

// Usage: dotnet run -c Release --project bench/Vargo.Bench.Catalog [-- --seconds 10 --workers 16 --rounds 4 --write docs/benchmarks.md]
// Starts the whole app in local mode (throw-away data folder), waits for the demo catalog, then measures a product list
// page and a search, through the gateway and direct to the catalog's http endpoint, one after the other in this run.
var seconds = ArgValue("--seconds", 10);
var workers = ArgValue("--workers", 16);
var output = args.SkipWhile(a => a != "--write").Skip(1).FirstOrDefault();

var dataDirectory = Directory.CreateTempSubdirectory("vargo-bench-catalog-").FullName;
using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
    ["--Infrastructure", "local", "--DataDirectory", dataDirectory, "--Gateway:Port", "0"], startTimeout.Token);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
await using var app = await builder.BuildAsync(startTimeout.Token);
await app.StartAsync(startTimeout.Token);
await app.ResourceNotifications.WaitForResourceHealthyAsync("catalog", startTimeout.Token);
await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startTimeout.Token);

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
using var gateway = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.GetEndpoint("gateway", "http") };
using var direct = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.GetEndpoint("catalog", "http") };

string[] categories = ["footwear", "running-shoes", "apparel", "electronics", "laptops", "home-kitchen", "books", "tents"];
var listPaths = categories.SelectMany(c => new[] { $"/api/catalog/products?category={c}&limit=24", $"/api/catalog/products?category={c}&sort=price&limit=24" }).ToArray();
string[] searches = ["running shoes", "waterproof jacket", "noise cancelling headphones", "cast iron", "science fiction", "yoga mat", "laptop", "coffee"];
var searchPaths = searches.Select(q => $"/api/catalog/products/search?q={Uri.EscapeDataString(q)}&limit=20").ToArray();

// The demo catalog is seeded at the catalog's first start: wait until a listing answers with products.
while ((await direct.GetStringAsync("/api/catalog/products?limit=1")).Contains("\"items\":[]", StringComparison.Ordinal))
{
    await Task.Delay(500);
}

var warmUp = TimeSpan.FromSeconds(3);
var duration = TimeSpan.FromSeconds(seconds);
var rounds = ArgValue("--rounds", 4);
var repositoryRoot = new DirectoryInfo(AppContext.BaseDirectory);
while (repositoryRoot.Parent is not null && !File.Exists(Path.Combine(repositoryRoot.FullName, "Vargo.sln")))
{
    repositoryRoot = repositoryRoot.Parent;
}
var rows = new List<(string Scenario, string Route, LoadResult Result)>();
var cpuPerRequest = new Dictionary<(string Scenario, string Route), Dictionary<string, double>>();
// Direct and gateway alternate in short slices (direct first in odd rounds, gateway first in even ones), so a change
// in what else the shared machine runs lands on both routes alike; each route's figures pool its slices.
foreach (var (scenario, paths) in new[] { ("list page", listPaths), ("search", searchPaths) })
{
    var routes = new[] { ("direct", direct), ("gateway", gateway) };
    foreach (var (_, client) in routes)
    {
        await LoadRun.WarmAsync(client, paths, workers, warmUp);
    }
    var latencies = routes.ToDictionary(r => r.Item1, _ => new List<double>());
    var elapsed = routes.ToDictionary(r => r.Item1, _ => TimeSpan.Zero);
    var cpu = routes.ToDictionary(r => r.Item1, _ => new Dictionary<string, double>());
    for (var round = 0; round < rounds; round++)
    {
        foreach (var (route, client) in round % 2 == 0 ? routes : routes.Reverse())
        {
            var before = ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory);
            elapsed[route] += await LoadRun.MeasureAsync(client, paths, workers, duration / rounds, latencies[route]);
            foreach (var (group, used) in ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory).Minus(before).Groups)
            {
                cpu[route][group] = cpu[route].GetValueOrDefault(group) + used;
            }
        }
    }
    foreach (var (route, _) in routes)
    {
        var result = LoadRun.Summarize(latencies[route], elapsed[route]);
        rows.Add((scenario, route, result));
        cpuPerRequest[(scenario, route)] = cpu[route].ToDictionary(c => c.Key, c => 1000 * Math.Max(0, c.Value) / Math.Max(1, result.Requests));
        Console.WriteLine($"{scenario,-10} {route,-8} {result.RequestsPerSecond,9:F0} req/s  p50 {result.P50Ms,7:F2} ms  p99 {result.P99Ms,7:F2} ms  ({result.Requests} requests)  CPU ms/request: "
            + string.Join(", ", cpuPerRequest[(scenario, route)].Where(c => c.Key is "Catalog" or "Gateway" or "bench process (load + AppHost)" or "Aspire DCP (orchestrator, log capture)").Select(c => $"{c.Key} {c.Value:F3}")));
    }
}

var section = Render(rows, cpuPerRequest, seconds, workers, rounds);
Console.WriteLine();
Console.WriteLine(section);
if (output is not null)
{
    WriteSection(output, section);
}

await app.StopAsync();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
}

int ArgValue(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}

static string Render(List<(string Scenario, string Route, LoadResult Result)> rows, Dictionary<(string Scenario, string Route), Dictionary<string, double>> cpu, int seconds, int workers, int rounds)
{
    var text = new StringBuilder();
    text.AppendLine("## Catalog: list page and search, gateway vs direct");
    text.AppendLine();
    text.AppendLine($"One run of the whole app in local mode (demo catalog, 1,200 products), {workers} concurrent closed-loop clients,");
    text.AppendLine($"3 s warm-up per route, then {seconds} s per row measured in {rounds} alternating slices (direct and gateway take turns, so a change in the shared machine's load hits both alike); the listing rotates over 16 category/sort URLs, the search over 8 queries.");
    text.AppendLine("Responses are served from the catalog's HybridCache after their first request, so this measures the hot path");
    text.AppendLine("(HTTP, routing, cache lookup, ETag) and what the YARP gateway adds to it. Ratio = gateway ÷ direct, same run.");
    text.AppendLine();
    text.AppendLine("| scenario | route | req/s | p50 ms | p99 ms | req/s ratio | p50 ratio | p99 ratio |");
    text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var group in rows.GroupBy(r => r.Scenario))
    {
        var baseline = group.Single(r => r.Route == "direct").Result;
        foreach (var (scenario, route, r) in group)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {route} | {r.RequestsPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.RequestsPerSecond / baseline.RequestsPerSecond:F2} | {r.P50Ms / baseline.P50Ms:F2} | {r.P99Ms / baseline.P99Ms:F2} |"));
        }
    }
    text.AppendLine();
    text.AppendLine("CPU per request by process (ms, utime + stime from /proc over the measured slices ÷ requests answered): what each route costs, and so what bounds the ratio when the cores are the limit.");
    text.AppendLine();
    string[] groups = ["Catalog", "Gateway", "bench process (load + AppHost)", "Aspire DCP (orchestrator, log capture)", "Redis", "PostgreSQL"];
    text.AppendLine("| scenario | route | " + string.Join(" | ", groups) + " | all |");
    text.AppendLine("| --- | --- | " + string.Join(" | ", groups.Select(_ => "---:")) + " | ---: |");
    foreach (var ((scenario, route), used) in cpu)
    {
        text.AppendLine($"| {scenario} | {route} | " + string.Join(" | ", groups.Select(g => used.GetValueOrDefault(g).ToString("F3", CultureInfo.InvariantCulture)))
            + " | " + used.Values.Sum().ToString("F3", CultureInfo.InvariantCulture) + " |");
    }
    text.AppendLine();
    text.AppendLine($"Load average (1 min) at the end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown")}.");
    text.AppendLine();
    text.AppendLine($"Reproduce: `dotnet run -c Release --project bench/Vargo.Bench.Catalog -- --seconds {seconds} --workers {workers} --rounds {rounds} --write docs/benchmarks.md`");
    text.AppendLine("(starts the AppHost itself through Aspire.Hosting.Testing; about two minutes in all).");
    return text.ToString();
}

static void WriteSection(string path, string section)
{
    // Replace our own section only; other sections belong to other benchmarks.
    const string Heading = "## Catalog: list page and search, gateway vs direct";
    var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
    var start = existing.IndexOf(Heading, StringComparison.Ordinal);
    if (start < 0)
    {
        File.WriteAllText(path, existing.TrimEnd() + "\n\n" + section);
        return;
    }
    var next = existing.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
    var rest = next < 0 ? "" : existing[(next + 1)..];
    File.WriteAllText(path, existing[..start] + section + (rest.Length > 0 ? "\n" + rest : ""));
}
