// Open-loop load test of the whole app: the Online Boutique shopper mix at a sweep of fixed arrival rates, latency
// from each action's scheduled start (HdrHistogram), until p99 or errors blow up (the knee). README.md says more.
// Usage: dotnet run -c Release --project bench/Vargo.LoadTest [-- --rates 20,40,80,120,160,200,260,330 --seconds 15
//        --warm-up 3 --customers 120 --p99-limit-ms 500 --write docs/benchmarks.md]
using System.Globalization;
using Vargo.Bench;
using Vargo.LoadTest;

var inv = CultureInfo.InvariantCulture;
var rates = (Arg("--rates") ?? "20,40,80,120,160,200,260,330").Split(',').Select(r => double.Parse(r, inv)).ToArray();
var seconds = double.Parse(Arg("--seconds") ?? "15", inv);
var warmUp = double.Parse(Arg("--warm-up") ?? "3", inv);
var customers = int.Parse(Arg("--customers") ?? "120", inv);
var p99Limit = double.Parse(Arg("--p99-limit-ms") ?? "500", inv);
var output = Arg("--write");
var settings = new Settings(rates, TimeSpan.FromSeconds(warmUp), TimeSpan.FromSeconds(seconds), customers, Products: 8, p99Limit,
    RequestTimeout: TimeSpan.FromSeconds(10),
    CommandLine: string.Create(inv, $"--rates {string.Join(',', rates)} --seconds {seconds} --warm-up {warmUp} --customers {customers} --p99-limit-ms {p99Limit}"));

using var setupTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
await using var app = await BenchApp.StartAsync("loadtest", maxConnections: 512, settings.RequestTimeout, setupTimeout.Token);
var skus = await BenchApp.RetryAsync("create stocked products",
    () => app.Storefront.CreateStockedProductsAsync(app.Admin, settings.Products, onHand: 1_000_000, prefix: "load", setupTimeout.Token), setupTimeout.Token);
var tokens = await app.RegisterCustomersAsync(customers, parallel: 8, "load", setupTimeout.Token);
var categories = await BenchApp.RetryAsync("read the category tree",
    () => ShopperMix.CategorySlugsAsync(app.Storefront.Gateway, setupTimeout.Token), setupTimeout.Token);
Console.WriteLine($"{tokens.Length} customers, {skus.Length} stocked products, {categories.Length} categories ready");
await app.WaitForStartUpBacklogAsync(TimeSpan.FromMinutes(5), setupTimeout.Token);

var mix = new ShopperMix(app.Storefront, categories, skus, tokens);
var loadBefore = LoadAverage();
var levels = new List<LevelResult>();
foreach (var rate in rates)
{
    var level = await OpenLoop.RunAsync(rate, settings.WarmUp, settings.Duration, drainLimit: settings.RequestTimeout * 3,
        mix.RunAsync, ShopperMix.Pick, CancellationToken.None);
    foreach (var (failure, count) in mix.TakeFailures())
    {
        level.FailedRequests[failure] = count;
    }
    levels.Add(level);
    Console.WriteLine(string.Create(inv,
        $"{rate,6:F0}/s offered: {level.Throughput,7:F1}/s ok, errors {100 * level.ErrorRate:F1} %, p50 {level.ResponseTime.P50:F1} ms, p99 {level.ResponseTime.P99:F1} ms (uncorrected {level.ServiceTime.P99:F1} ms), scheduler late ≤ {level.SchedulerMaxLateMs:F1} ms, load {LoadAverage()}"));
    if (Report.BlownUp(level, Report.P99Limit(levels, p99Limit)))
    {
        break; // past the knee: higher rates only pile up more queueing
    }
}
var loadAfter = LoadAverage();

var root = RepositoryRoot();
var chart = Path.Combine(root, "docs", "img", "loadtest.png");
Report.Chart(levels, p99Limit, chart);
var section = Report.Markdown(levels, settings, chart, loadBefore, loadAfter);
Console.WriteLine();
Console.WriteLine(section);
Console.WriteLine($"chart: {chart}");
if (output is not null)
{
    await MarkedSection.WriteAsync(output, "loadtest", section);
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory.Parent is not null && !File.Exists(Path.Combine(directory.FullName, "Vargo.sln")))
    {
        directory = directory.Parent;
    }
    return directory.FullName;
}
