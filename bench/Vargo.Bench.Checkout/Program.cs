// Checkouts per second end to end through the gateway, at fixed concurrencies, in one run of the whole app (local
// mode, started by Aspire.Hosting.Testing). Each virtual customer registers and logs in once; then, in a closed loop,
// puts 2 products (plenty of stock) in its cart and checks out with card 4242… and a fresh Idempotency-Key. The
// checkout's latency is recorded; the steps' shares come from the Server-Timing header Orders sends. Baseline in the
// same run and at the same concurrency: an authenticated cart read through the gateway (GET /api/orders/cart, empty).
// With --profile it also samples the managed stacks of the process that used the most CPU (dotnet-trace, one more row
// at the highest concurrency, not counted in the figures); the CPU per process and PostgreSQL's own counts per database
// are always measured.
// Usage: dotnet run -c Release --project bench/Vargo.Bench.Checkout [-- --seconds 10 --concurrency 16,32 --profile [--trace-service Payment] [--keep-trace dir] --verbose-logs --sale --write docs/benchmarks.md]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vargo.Bench;
using Vargo.Bench.Checkout;
using Vargo.Testing.Storefront;

var seconds = int.Parse(Arg("--seconds") ?? "10", CultureInfo.InvariantCulture);
var levels = (Arg("--concurrency") ?? "16,32").Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
var output = Arg("--write");
var profile = args.Contains("--profile");
var warmUp = TimeSpan.FromSeconds(3);
var duration = TimeSpan.FromSeconds(seconds);
var inv = CultureInfo.InvariantCulture;

var dataDirectory = Directory.CreateTempSubdirectory("vargo-bench-checkout-").FullName;
using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
    ["--Infrastructure", "local", "--DataDirectory", dataDirectory, "--Gateway:Port", "0"], startTimeout.Token);
// The testing builder echoes every resource's log at Information into this process: only warnings, so the load
// generator's own CPU is not mostly the services' log lines.
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Vargo.AppHost.Resources", LogLevel.Warning));
// --verbose-logs: the log levels every service had before issue 14 (each SQL command and each HttpClient request logged
// at Information), to measure what they cost against the defaults in the same code.
var verboseLogs = args.Contains("--verbose-logs");
if (verboseLogs)
{
    foreach (var service in new[] { "auth", "catalog", "inventory", "payment", "orders", "recommendation", "notification", "gateway", "web" })
    {
        builder.CreateResourceBuilder<ProjectResource>(service)
            .WithEnvironment("Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command", "Information")
            .WithEnvironment("Logging__LogLevel__System.Net.Http.HttpClient", "Information")
            .WithEnvironment("Logging__LogLevel__Polly", "Information");
    }
}
// --sale: card checkouts as one Payment call (authorize and capture), Orders:Checkout:AuthorizeAndCapture (default off).
var saleMode = args.Contains("--sale");
if (saleMode)
{
    builder.CreateResourceBuilder<ProjectResource>("orders").WithEnvironment("Orders__Checkout__AuthorizeAndCapture", "true");
}
// Every simulated customer registers from 127.0.0.1: the per-IP limits are raised (as the whole-system tests do).
builder.CreateResourceBuilder<ProjectResource>("auth")
    .WithEnvironment("Auth__RateLimits__PerIp__Register", "1000")
    .WithEnvironment("Auth__RateLimits__PerIp__Login", "1000");
await using var app = await builder.BuildAsync(startTimeout.Token);
var started = Stopwatch.StartNew();
await app.StartAsync(startTimeout.Token);
foreach (var service in new[] { "auth", "catalog", "inventory", "payment", "orders", "gateway" })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(service, startTimeout.Token);
}
Console.WriteLine($"app healthy after {started.Elapsed.TotalSeconds:F0} s");

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = levels.Max() * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var gateway = new HttpClient(handler) { BaseAddress = app.GetEndpoint("gateway", "http"), Timeout = TimeSpan.FromSeconds(30) };
var storefront = new StorefrontClient(gateway);

var parameters = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
var adminEmail = (await parameters.Single(p => p.Name == "admin-email").GetValueAsync(default))!;
var adminPassword = (await parameters.Single(p => p.Name == "admin-password").GetValueAsync(default))!;
string? admin = null;
// On a loaded machine the first calls through the gateway may still meet a 503 (a service not answering yet).
for (var attempt = 1; admin is null; attempt++)
{
    try
    {
        admin = await storefront.LoginAsync(adminEmail, adminPassword);
    }
    catch (InvalidOperationException) when (attempt < 10)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
    }
}
var skus = await storefront.CreateStockedProductsAsync(admin, count: 8, onHand: 1_000_000);

var customers = new string[levels.Max()];
using (var registering = new SemaphoreSlim(4))
{
    await Task.WhenAll(Enumerable.Range(0, customers.Length).Select(async i =>
    {
        await registering.WaitAsync();
        try { customers[i] = await storefront.RegisterAndLoginAsync(StorefrontClient.NewEmail("bench"), "Bench Customer"); }
        finally { registering.Release(); }
    }));
}
Console.WriteLine($"{customers.Length} customers and {skus.Length} products ready after {started.Elapsed.TotalSeconds:F0} s");

// Start-up leaves work behind (the catalog's seeding events embedded by Recommendation, its back-fill, the welcome
// e-mails): measure once Recommendation reports its index complete, so that backlog is not billed to the checkouts.
using (var recommendation = app.CreateHttpClient("recommendation", "http"))
{
    var settling = Stopwatch.StartNew();
    while (settling.Elapsed < TimeSpan.FromMinutes(5)
        && await recommendation.GetStringAsync("/health").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "") != "Healthy")
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
    Console.WriteLine($"Start-up backlog settled after {settling.Elapsed.TotalSeconds:F0} s more");
}

var repositoryRoot = new DirectoryInfo(AppContext.BaseDirectory);
while (repositoryRoot.Parent is not null && !File.Exists(Path.Combine(repositoryRoot.FullName, "Vargo.sln")))
{
    repositoryRoot = repositoryRoot.Parent;
}
var cpu = new List<(int Workers, CpuSample Used, TimeSpan Elapsed)>();
// The same, from the row's start until the events its checkouts caused were consumed (EventDrain).
var drainedCpu = new List<(int Workers, CpuSample Used, TimeSpan Elapsed, TimeSpan? Drain)>();
var drainedSql = new List<(int Workers, SqlSnapshot Counts)>();
var sqlCounters = new SqlCounters((await app.GetConnectionStringAsync("postgres"))!);
var drain = new EventDrain((await app.GetConnectionStringAsync("postgres"))!);
var statementsCounted = await sqlCounters.EnableAsync();
var sql = new List<(int Workers, SqlSnapshot Counts)>();

// What the app burns with no load (pollers, health checks, background work), to tell it from what the load costs.
var idleBefore = ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory);
var idleClock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(5));
var idle = (Used: ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory).Minus(idleBefore), Elapsed: idleClock.Elapsed);

var rows = new List<Row>();
foreach (var workers in levels)
{
    var cartStatuses = new ConcurrentDictionary<int, int>();
    var baseline = await ClosedLoop.RunAsync(workers, warmUp, duration, async worker =>
    {
        using var response = await storefront.GetCartAsync(customers[worker]);
        await response.Content.LoadIntoBufferAsync();
        cartStatuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
    });
    rows.Add(new Row("cart read (GET /api/orders/cart)", workers, baseline, Statuses(cartStatuses), []));
    Console.WriteLine(Describe(rows[^1]));

    var statuses = new ConcurrentDictionary<int, int>();
    var steps = new ConcurrentBag<(string Step, double Ms)>();
    var measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
    var sqlBefore = await sqlCounters.StartAsync();
    var cpuBefore = ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory);
    var cpuClock = Stopwatch.StartNew();
    var checkout = await ClosedLoop.RunAsync(workers, warmUp, duration, worker => CheckoutAsync(worker, statuses, steps, measureFrom));
    cpu.Add((workers, ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory).Minus(cpuBefore), cpuClock.Elapsed));
    sql.Add((workers, await sqlCounters.StopAsync(sqlBefore)));
    var drained = await drain.WaitAsync(TimeSpan.FromMinutes(3));
    drainedCpu.Add((workers, ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory).Minus(cpuBefore), cpuClock.Elapsed, drained));
    drainedSql.Add((workers, await sqlCounters.StopAsync(sqlBefore)));
    Console.WriteLine(drained is { } d ? $"events of the row consumed {d.TotalSeconds:F1} s after it (and its SQL counts read)" : "events of the row NOT consumed within 3 minutes");
    foreach (var statement in sql[^1].Counts.Statements.OrderBy(s => s.Database).ThenByDescending(s => s.Calls).Take(200))
    {
        Console.WriteLine(string.Create(inv, $"sql {workers} {statement.Database} {statement.Calls} {statement.TotalMs:F1} {string.Join(' ', statement.Query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries))}"));
    }
    rows.Add(new Row("checkout (POST /api/orders/checkout)", workers, checkout, Statuses(statuses), [.. steps]));
    Console.WriteLine(Describe(rows[^1]));
}

// What the app burns per second when the load stops (timers, pollers, metric exports, health checks), once the last
// row's events have drained: the steady idle cost, subtracted below to get what a checkout itself costs. (The idle
// sample before the load still holds start-up work, e.g. the recommendation back-fill.)
await Task.Delay(TimeSpan.FromSeconds(5));
var steadyBefore = ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory);
var steadyClock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(10));
var steady = (Used: ProcessCpu.Sample(repositoryRoot.FullName, dataDirectory).Minus(steadyBefore), Elapsed: steadyClock.Elapsed);

// The top frames of the process that used the most CPU per checkout, in one more row that no figure above counts
// (the sampler costs CPU itself).
(string Service, IReadOnlyList<string> Frames)? frames = null;
(string Service, IReadOnlyDictionary<string, (double Sum, double Mean)> Counters, double LoopsPerSecond)? runtime = null;
if (profile)
{
    // --trace-service Payment samples that service instead of the heaviest; --keep-trace <folder> keeps the .nettrace
    // (for stacks: the report below lists exclusive frames only).
    var heaviest = Arg("--trace-service") ?? cpu[^1].Used.Groups.Where(g => Directory.Exists(Path.Combine(repositoryRoot.FullName, "services", g.Key)))
        .MaxBy(g => g.Value).Key;
    var processId = ProcessCpu.ServiceProcessId(repositoryRoot.FullName, heaviest)
        ?? throw new InvalidOperationException($"No process found for {heaviest}");
    var traceFile = Path.Combine(dataDirectory, $"{heaviest}.nettrace");
    var sampling = ThreadSampler.SampleAsync(repositoryRoot.FullName, processId, duration, traceFile, top: 15);
    var counting = ThreadSampler.CountAsync(repositoryRoot.FullName, processId, duration, Path.Combine(dataDirectory, $"{heaviest}.counters.csv"));
    var tracedStatuses = new ConcurrentDictionary<int, int>();
    var tracedClock = Stopwatch.StartNew();
    await ClosedLoop.RunAsync(levels.Max(), warmUp, duration + TimeSpan.FromSeconds(2),
        worker => CheckoutAsync(worker, tracedStatuses, [], long.MaxValue));
    frames = (heaviest, await sampling);
    if (Arg("--keep-trace") is { } keep)
    {
        Directory.CreateDirectory(keep);
        File.Copy(traceFile, Path.Combine(keep, Path.GetFileName(traceFile)), overwrite: true);
    }
    var counted = await counting;
    // Loops per second over the traced row (warm-up included) turn the counters' per-second sums into per-loop figures.
    var loopsPerSecond = tracedStatuses.Values.Sum() / tracedClock.Elapsed.TotalSeconds;
    runtime = (heaviest, counted, loopsPerSecond);
    foreach (var (name, (sum, mean)) in counted.OrderBy(c => c.Key))
    {
        Console.WriteLine(string.Create(inv, $"counter {heaviest} {name}: sum {sum:F1}, mean {mean:F2}"));
    }
    Console.WriteLine($"Top frames in {heaviest}:");
    frames.Value.Frames.ToList().ForEach(Console.WriteLine);
}

async Task<TimeSpan> CheckoutAsync(int worker, ConcurrentDictionary<int, int> statuses, ConcurrentBag<(string Step, double Ms)> steps, long measureFrom)
{
    var customer = customers[worker];
    var first = Random.Shared.Next(skus.Length);
    await storefront.AddToCartAsync(customer, skus[first], 1);
    await storefront.AddToCartAsync(customer, skus[(first + 1 + Random.Shared.Next(skus.Length - 1)) % skus.Length], 1);

    var clock = Stopwatch.GetTimestamp();
    using var response = await storefront.CheckoutAsync(customer, Guid.NewGuid().ToString());
    await response.Content.LoadIntoBufferAsync();
    var latency = Stopwatch.GetElapsedTime(clock);
    var recording = clock >= measureFrom;
    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
    if (recording && response.Headers.TryGetValues("Server-Timing", out var timing))
    {
        foreach (var (step, ms) in ServerTimingHeader.Parse(string.Join(", ", timing)))
        {
            steps.Add((step, ms));
        }
        steps.Add(("(end to end)", latency.TotalMilliseconds));
    }
    return latency;
}

var section = Render();
Console.WriteLine();
Console.WriteLine(section);
if (output is not null)
{
    await MarkedSection.WriteAsync(output, "checkout", section);
}

await app.StopAsync();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string Statuses(ConcurrentDictionary<int, int> statuses) =>
    string.Join(" ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));

static string Describe(Row row) => string.Create(CultureInfo.InvariantCulture,
    $"{row.Workers,3} {row.What,-40} {row.Result.PerSecond,8:F1}/s  p50 {row.Result.P50Ms,8:F1} ms  p99 {row.Result.P99Ms,8:F1} ms  [{row.Statuses}]");

string Render()
{
    var text = new StringBuilder();
    text.AppendLine("## Checkout: orders per second end to end through the gateway");
    text.AppendLine();
    text.AppendLine(string.Create(inv, $"The whole app in local mode (Aspire.Hosting.Testing: every service, PostgreSQL, Redis, RabbitMQ) and the load on the same {Environment.ProcessorCount} cores, measured {DateTimeOffset.UtcNow:yyyy-MM-dd}; load average at the end {LoadAverage()} (what else ran meanwhile: the 'rest of the machine' row below). Each virtual customer (registered and logged in once) loops: 2 products into its cart (not timed), then `POST /api/orders/checkout` with card 4242… and a fresh Idempotency-Key (timed: price from Catalog, order row, ReserveStock, Authorize, Capture, Placed + outbox, commit). {warmUp.TotalSeconds:F0} s warm-up then {seconds} s per row. checkouts/s counts whole loops, so it includes the two cart writes; the baseline is an authenticated `GET /api/orders/cart` (empty cart) through the gateway at the same concurrency."));
    text.AppendLine();
    text.AppendLine("| concurrency | request | per s | p50 ms | p99 ms | p50 ÷ cart read | statuses |");
    text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | --- |");
    foreach (var row in rows)
    {
        var baseline = rows.First(r => r.Workers == row.Workers).Result;
        text.AppendLine(string.Create(inv, $"| {row.Workers} | {row.What} | {row.Result.PerSecond:F1} | {row.Result.P50Ms:F1} | {row.Result.P99Ms:F1} | {row.Result.P50Ms / baseline.P50Ms:F1} | {row.Statuses} |"));
    }
    text.AppendLine();
    text.AppendLine("Where a checkout's time goes (mean ms per checkout from Orders' `Server-Timing` header; share of the end-to-end latency the client saw; \"outside the saga\" = gateway, token validation, request parsing, idempotency lookup and the network):");
    text.AppendLine();
    var checkouts = rows.Where(r => r.Steps.Length > 0).ToList();
    text.AppendLine("| step | " + string.Join(" | ", checkouts.Select(r => $"{r.Workers} callers: ms | share")) + " |");
    text.AppendLine("| --- | " + string.Join(" | ", checkouts.Select(_ => "---: | ---:")) + " |");
    string[] sagaOrder = ["catalog", "order", "reserve", "authorize", "capture", "place", "commit", "compensate"];
    var order = checkouts.SelectMany(r => r.Steps.Select(s => s.Step)).Where(s => s != "(end to end)").Distinct()
        .OrderBy(s => Array.IndexOf(sagaOrder, s) is var i and >= 0 ? i : sagaOrder.Length).ToList();
    foreach (var step in order.Append("outside the saga").Append("(end to end)"))
    {
        var cells = checkouts.Select(r =>
        {
            var count = r.Steps.Count(s => s.Step == "(end to end)");
            var total = r.Steps.Where(s => s.Step == "(end to end)").Sum(s => s.Ms);
            var inSaga = r.Steps.Where(s => s.Step != "(end to end)").Sum(s => s.Ms);
            var ms = step switch
            {
                "outside the saga" => total - inSaga,
                _ => r.Steps.Where(s => s.Step == step).Sum(s => s.Ms),
            };
            return string.Create(inv, $"{ms / Math.Max(1, count):F1} | {100 * ms / Math.Max(1, total):F0}%");
        });
        text.AppendLine($"| {step} | " + string.Join(" | ", cells) + " |");
    }
    text.AppendLine();
    text.AppendLine("CPU during each checkout row (warm-up included), in cores (CPU seconds per second) from /proc: this run's processes by group, and what the rest of the machine used meanwhile:");
    text.AppendLine();
    text.AppendLine("| process | idle, before the load: cores | " + string.Join(" | ", cpu.Select(c => $"{c.Workers} callers: cores")) + " |");
    text.AppendLine("| --- | ---: | " + string.Join(" | ", cpu.Select(_ => "---:")) + " |");
    string IdleCores(string? group) => string.Create(inv, $"{(group is null ? idle.Used.Groups.Values.Sum(v => Math.Max(0, v)) : Math.Max(0, idle.Used.Groups.GetValueOrDefault(group))) / idle.Elapsed.TotalSeconds:F2}");
    var groups = cpu.SelectMany(c => c.Used.Groups.Keys).Distinct()
        .OrderByDescending(g => cpu.Sum(c => c.Used.Groups.GetValueOrDefault(g))).ToList();
    foreach (var group in groups)
    {
        text.AppendLine($"| {group} | {IdleCores(group)} | " + string.Join(" | ", cpu.Select(c =>
            string.Create(inv, $"{Math.Max(0, c.Used.Groups.GetValueOrDefault(group)) / c.Elapsed.TotalSeconds:F2}"))) + " |");
    }
    text.AppendLine($"| **this run, all** | {IdleCores(null)} | " + string.Join(" | ", cpu.Select(c =>
        string.Create(inv, $"{c.Used.Groups.Values.Sum(v => Math.Max(0, v)) / c.Elapsed.TotalSeconds:F2}"))) + " |");
    text.AppendLine(string.Create(inv, $"| rest of the machine | {Math.Max(0, idle.Used.MachineBusySeconds - idle.Used.Groups.Values.Sum(v => Math.Max(0, v))) / idle.Elapsed.TotalSeconds:F2} | ") + string.Join(" | ", cpu.Select(c =>
        string.Create(inv, $"{Math.Max(0, c.Used.MachineBusySeconds - c.Used.Groups.Values.Sum(v => Math.Max(0, v))) / c.Elapsed.TotalSeconds:F2}"))) + " |");
    text.AppendLine();
    text.Append(RenderProfile(checkouts));
    var best = checkouts.MaxBy(r => r.Result.PerSecond)!;
    var shares = order.Select(step => (Step: step, Share: best.Steps.Where(s => s.Step == step).Sum(s => s.Ms) / best.Steps.Where(s => s.Step == "(end to end)").Sum(s => s.Ms)))
        .OrderByDescending(s => s.Share).Take(4).Select(s => string.Create(inv, $"{s.Step} {100 * s.Share:F0}%"));
    var busiest = cpu.Single(c => c.Workers == best.Workers);
    var topCpu = busiest.Used.Groups.OrderByDescending(g => g.Value).Take(4)
        .Select(g => string.Create(inv, $"{g.Key} {g.Value / busiest.Elapsed.TotalSeconds:F2}"));
    var loops = Loops(best);
    // Gross, not net of the idle sample: right after start-up the idle sample still holds start-up work (the
    // recommendation back-fill, the seeding events), which would make a net figure meaningless or negative.
    var cpuMsPerLoop = 1000 * busiest.Used.Groups.Values.Sum(v => Math.Max(0, v)) / loops;
    var machineCores = busiest.Used.MachineBusySeconds / busiest.Elapsed.TotalSeconds;
    text.AppendLine(string.Create(inv, $"Against the issue's target (250 checkouts/s with p99 ≤ 300 ms on 2 cores): best here {best.Result.PerSecond:F1}/s at {best.Workers} callers with p99 {best.Result.P99Ms:F0} ms, i.e. {best.Result.PerSecond / 250:P1} of the target rate. Largest steps at {best.Workers} callers: {string.Join(", ", shares)}. Largest CPU users (cores): {string.Join(", ", topCpu)}. This run's processes spent {cpuMsPerLoop:F0} ms of CPU per loop (two cart writes, the checkout, its events, and whatever background work ran meanwhile), so at this cost two cores top out near {2000 / cpuMsPerLoop:F0} checkouts/s; the machine was {machineCores:F1} cores busy in all during the row, so the step times above are mostly waiting for a core."));
    text.AppendLine();
    text.AppendLine("What a checkout is made of explains most of it: the saga is sequential, and every step is a gRPC call into another service that commits its own PostgreSQL transaction (Inventory's reservation and commit ledger transactions, Payment's authorization and capture with their ledger entries and outbox rows), between Orders' own transactions that persist the saga state at each step and the outbox row of OrderPlaced; the events it sends (OrderPlaced to Inventory and Notification) are then consumed while the next checkouts run, each in an inbox transaction of its own. So one checkout costs around a dozen durable commits and five cross-service round trips, all on the same two cores as the gateway, the identity provider's token checks, and the load generator. Candidates for tuning (not done yet): make the saga's final `CommitReservation` asynchronous (the OrderPlaced event already commits the reservation idempotently; the synchronous call is there so a slow bus can never let the reservation expire under a Placed order, so the expiry would have to respect placed orders first), authorize-and-capture in one Payment call for card checkouts, group commit in Payment's and Orders' own transactions as Inventory now does for reservations, and cores not shared with the load generator.");
    text.AppendLine();
    text.AppendLine($"Reproduce: `dotnet run -c Release --project bench/Vargo.Bench.Checkout -- --seconds {seconds} --concurrency {string.Join(',', levels)}{(profile ? " --profile" : "")}{(verboseLogs ? " --verbose-logs" : "")}{(saleMode ? " --sale" : "")} --write docs/benchmarks.md` (starts the AppHost itself; about three and a half minutes, including waiting for the start-up backlog to settle).");
    return text.ToString();
}

static int Loops(Row row) => row.Statuses.Split(' ', StringSplitOptions.RemoveEmptyEntries)
    .Sum(s => int.Parse(s[(s.IndexOf('×') + 1)..], CultureInfo.InvariantCulture));

string RenderProfile(List<Row> checkouts)
{
    var text = new StringBuilder();
    text.AppendLine("Profile per checkout (`--profile` adds the top frames): CPU ms per checkout loop by process (utime + stime from /proc over the row, warm-up included, divided by the loops of the row, so a loop's two cart writes and the events it causes count with it), and PostgreSQL's own counts per service database (transactions from `pg_stat_database`, statements from `pg_stat_statements`):");
    text.AppendLine();
    text.AppendLine("| process | " + string.Join(" | ", checkouts.Select(r => $"{r.Workers} callers: CPU ms per checkout, gross | net of idle")) + " | idle: CPU ms per s |");
    text.AppendLine("| --- | " + string.Join(" | ", checkouts.Select(_ => "---: | ---:")) + " | ---: |");
    double SteadyCores(string? group) => (group is null ? steady.Used.Groups.Values.Sum(v => Math.Max(0, v)) : Math.Max(0, steady.Used.Groups.GetValueOrDefault(group))) / steady.Elapsed.TotalSeconds;
    double NetSeconds(Row row, string? group)
    {
        var (_, used, elapsed) = cpu.Single(c => c.Workers == row.Workers);
        var gross = group is null ? used.Groups.Values.Sum(v => Math.Max(0, v)) : Math.Max(0, used.Groups.GetValueOrDefault(group));
        return Math.Max(0, gross - SteadyCores(group) * elapsed.TotalSeconds);
    }
    var perLoop = checkouts.Select(r => (Row: r, Cpu: cpu.Single(c => c.Workers == r.Workers).Used, Loops: Math.Max(1, Loops(r)))).ToList();
    foreach (var group in perLoop.SelectMany(p => p.Cpu.Groups.Keys).Distinct().OrderByDescending(g => perLoop.Sum(p => p.Cpu.Groups.GetValueOrDefault(g) / p.Loops)))
    {
        text.AppendLine($"| {group} | " + string.Join(" | ", perLoop.Select(p => string.Create(inv, $"{1000 * Math.Max(0, p.Cpu.Groups.GetValueOrDefault(group)) / p.Loops:F2} | {1000 * NetSeconds(p.Row, group) / p.Loops:F2}"))) + string.Create(inv, $" | {1000 * SteadyCores(group):F0} |"));
    }
    text.AppendLine("| **all** | " + string.Join(" | ", perLoop.Select(p => string.Create(inv, $"**{1000 * p.Cpu.Groups.Values.Sum(v => Math.Max(0, v)) / p.Loops:F2}** | **{1000 * NetSeconds(p.Row, null) / p.Loops:F2}**"))) + string.Create(inv, $" | **{1000 * SteadyCores(null):F0}** |"));
    text.AppendLine();
    text.AppendLine();
    text.AppendLine("Row **and the consumption of its events** (CPU and counts from the row's start until every OrderPlaced it caused was consumed by Inventory, Notification and Recommendation; net of the same idle cost over that longer time):");
    text.AppendLine();
    text.AppendLine("| process | " + string.Join(" | ", checkouts.Select(r => $"{r.Workers} callers: CPU ms per checkout incl. drain, net")) + " |");
    text.AppendLine("| --- | " + string.Join(" | ", checkouts.Select(_ => "---:")) + " |");
    double DrainedNet(Row row, string? group)
    {
        var (_, used, elapsed, _) = drainedCpu.Single(c => c.Workers == row.Workers);
        var gross = group is null ? used.Groups.Values.Sum(v => Math.Max(0, v)) : Math.Max(0, used.Groups.GetValueOrDefault(group));
        return Math.Max(0, gross - SteadyCores(group) * elapsed.TotalSeconds);
    }
    foreach (var group in perLoop.SelectMany(p => p.Cpu.Groups.Keys).Distinct().OrderByDescending(g => perLoop.Sum(p => p.Cpu.Groups.GetValueOrDefault(g) / p.Loops)))
    {
        text.AppendLine($"| {group} | " + string.Join(" | ", perLoop.Select(p => string.Create(inv, $"{1000 * DrainedNet(p.Row, group) / p.Loops:F2}"))) + " |");
    }
    text.AppendLine("| **all** | " + string.Join(" | ", perLoop.Select(p => string.Create(inv, $"**{1000 * DrainedNet(p.Row, null) / p.Loops:F2}**"))) + " |");
    text.AppendLine("| drained after the row, s | " + string.Join(" | ", checkouts.Select(r => drainedCpu.Single(c => c.Workers == r.Workers).Drain is { } d ? string.Create(inv, $"{d.TotalSeconds:F1}") : "not within 3 min")) + " |");
    foreach (var database in drainedSql.SelectMany(p => p.Counts.Transactions.Keys).Distinct().Order())
    {
        text.AppendLine($"| {database}: transactions / statements per checkout incl. drain | " + string.Join(" | ", checkouts.Select(r =>
        {
            var counts = drainedSql.Single(s => s.Workers == r.Workers).Counts;
            var loops = (double)Math.Max(1, Loops(r));
            return string.Create(inv, $"{counts.Transactions.GetValueOrDefault(database) / loops:F2} / {(statementsCounted ? (counts.Statements.Where(s => s.Database == database).Sum(s => s.Calls) / loops).ToString("F2", inv) : "n/a")}");
        })) + " |");
    }
    text.AppendLine();
    text.AppendLine(string.Create(inv, $"\"net\" subtracts the steady idle cost (the last column: CPU ms per second this process burns with no load, measured for {steady.Elapsed.TotalSeconds:F0} s after the last row once its events had drained) over the row's time; it is what a checkout loop itself costs, and it is the figure to compare between runs (the gross figure falls as the rate rises)."));
    text.AppendLine();
    text.AppendLine("| database | " + string.Join(" | ", checkouts.Select(r => $"{r.Workers} callers: transactions per checkout | statements per checkout")) + " |");
    text.AppendLine("| --- | " + string.Join(" | ", checkouts.Select(_ => "---: | ---:")) + " |");
    var perRow = checkouts.Select(r => (Counts: sql.Single(s => s.Workers == r.Workers).Counts, Loops: (double)Math.Max(1, Loops(r)))).ToList();
    foreach (var database in perRow.SelectMany(p => p.Counts.Transactions.Keys).Distinct().Order())
    {
        text.AppendLine($"| {database} | " + string.Join(" | ", perRow.Select(p => string.Create(inv,
            $"{p.Counts.Transactions.GetValueOrDefault(database) / p.Loops:F2} | {(statementsCounted ? (p.Counts.Statements.Where(s => s.Database == database).Sum(s => s.Calls) / p.Loops).ToString("F2", inv) : "n/a")}"))) + " |");
    }
    text.AppendLine("| **all** | " + string.Join(" | ", perRow.Select(p => string.Create(inv,
        $"**{p.Counts.Transactions.Values.Sum() / p.Loops:F2}** | **{(statementsCounted ? (p.Counts.Statements.Sum(s => s.Calls) / p.Loops).ToString("F2", inv) : "n/a")}**"))) + " |");
    text.AppendLine();
    if (statementsCounted)
    {
        var last = perRow[^1];
        text.AppendLine(string.Create(inv, $"The most frequent statements at {checkouts[^1].Workers} callers (calls per checkout loop; mean execution ms inside PostgreSQL):"));
        text.AppendLine();
        text.AppendLine("| database | calls per checkout | mean ms | statement |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        foreach (var statement in last.Counts.Statements.OrderByDescending(s => s.Calls).Take(15))
        {
            var query = string.Join(' ', statement.Query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|", StringComparison.Ordinal);
            query = query.Length > 110 ? query[..110] + "…" : query;
            text.AppendLine(string.Create(inv, $"| {statement.Database} | {statement.Calls / last.Loops:F2} | {statement.TotalMs / Math.Max(1, statement.Calls):F3} | `{query}` |"));
        }
        text.AppendLine();
    }
    if (runtime is { } counters && counters.Counters.Count > 0)
    {
        // The counters sample once a second: a rate's per-second increments summed over the row, ÷ the row's seconds,
        // ÷ loops per second = per loop.
        var rowSeconds = duration.TotalSeconds;
        string PerLoop(string counter) => counters.Counters.FirstOrDefault(c => c.Key.StartsWith(counter, StringComparison.Ordinal)) is { Key: not null } c
            ? string.Create(inv, $"{c.Value.Sum / rowSeconds / Math.Max(0.001, counters.LoopsPerSecond):N0}") : "n/a";
        string Exceptions() => string.Join(", ", counters.Counters.Where(c => c.Key.StartsWith("dotnet.exceptions", StringComparison.Ordinal))
            .Select(c => string.Create(inv, $"{c.Key[(c.Key.IndexOf("error.type=", StringComparison.Ordinal) is var i and >= 0 ? i + 11 : 0)..].TrimEnd(']')} {c.Value.Sum / rowSeconds:F1}"))
            .DefaultIfEmpty("none"));
        string Mean(string counter) => counters.Counters.FirstOrDefault(c => c.Key.StartsWith(counter, StringComparison.Ordinal)) is { Key: not null } c
            ? string.Create(inv, $"{c.Value.Mean:F1}") : "n/a";
        text.AppendLine(string.Create(inv, $"Runtime counters of {counters.Service} during that row (`dotnet-counters`, System.Runtime; {counters.LoopsPerSecond:F1} loops/s): allocated {PerLoop("dotnet.gc.heap.total_allocated")} bytes per checkout loop, {PerLoop("dotnet.monitor.lock_contentions")} lock contentions per loop, {PerLoop("dotnet.thread_pool.work_item.count")} thread-pool work items per loop; thread-pool queue length {Mean("dotnet.thread_pool.queue.length")} on average (a queue that stays long is starvation); exceptions thrown per second: {Exceptions()}."));
        text.AppendLine();
    }
    if (frames is { } sampled)
    {
        text.AppendLine(string.Create(inv, $"Top frames of {sampled.Service}, the process with the most CPU per checkout (`dotnet-trace` thread-time samples during one more {seconds} s row at {levels.Max()} callers, exclusive time, wait frames left out; `dotnet-trace report <file> topN`):"));
        text.AppendLine();
        text.AppendLine("```");
        sampled.Frames.ToList().ForEach(f => text.AppendLine(f));
        text.AppendLine("```");
        text.AppendLine();
    }
    return text.ToString();
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

internal sealed record Row(string What, int Workers, LoadResult Result, string Statuses, (string Step, double Ms)[] Steps);
