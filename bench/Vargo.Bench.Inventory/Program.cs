// Reservations per second at a fixed concurrency, in one run:
//   direct:    the Reserve Lua script called with StackExchange.Redis from this process (RedisStockStore, by SHA):
//              the Redis decision alone, the floor of any reservation.
//   grpc:      Inventory's ReserveStock over gRPC (HTTP/2, one shared channel) to the real service running in this
//              process: the same script, then the reservation's ledger rows in PostgreSQL (group commit: one
//              transaction per batch of concurrent reservations; the answer comes after its commit).
//   in-process: ReservationService.ReserveAsync called without gRPC (script + group-committed ledger transaction): splits the gap.
//   grpc-read: GetAvailability over gRPC (one read-only script, no PostgreSQL): what gRPC + Kestrel cost alone.
// Then the oversell check on both stores: per SKU, reserved units never exceed stock (ledger and Redis), and the
// callers' own tally of what they were granted equals what the stores hold.
// Usage: dotnet run -c Release --project bench/Vargo.Bench.Inventory [-- --seconds 15 --workers 64 --write docs/benchmarks.md]
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Vargo.Bench;
using Vargo.Bench.Inventory;
using Vargo.Inventory.Data;
using Vargo.Inventory.Grpc;
using Vargo.Inventory.Stock;
using Vargo.Testing;

var seconds = ArgValue("--seconds", 15);
var workers = ArgValue("--workers", 64);
var output = args.SkipWhile(a => a != "--write").Skip(1).FirstOrDefault();
var warmUp = TimeSpan.FromSeconds(3);
var duration = TimeSpan.FromSeconds(seconds);

using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
await using var servers = await LocalServers.StartAsync(
    LocalServerKinds.Postgres | LocalServerKinds.Redis | LocalServerKinds.RabbitMQ, startTimeout.Token);
var runTag = Guid.NewGuid().ToString("N")[..8];
await using var inventory = await InProcessInventory.StartAsync(servers, "bench-svc-" + runTag);
var workload = new Workload(workers);

// Same stock on both sides: the service's through its own adjustment path (ledger rows), the direct one as a generation.
await using (var scope = inventory.Services.CreateAsyncScope())
{
    var adjustments = scope.ServiceProvider.GetRequiredService<StockAdjustmentService>();
    foreach (var item in workload.InitialStock)
    {
        await adjustments.SetAsync(item.Sku, item.Quantity, "benchmark stock", "bench", CancellationToken.None);
    }
}
var redis = inventory.Services.GetRequiredService<IConnectionMultiplexer>();
var direct = new RedisStockStore(redis, Options.Create(new InventoryOptions { RedisKeyTag = "bench-direct-" + runTag }), NullLogger<RedisStockStore>.Instance);
var directEpoch = await direct.PublishGenerationAsync(workload.InitialStock, [], CancellationToken.None);

var directTally = new ReservedTally(workload.Skus.Length);
var serviceTally = new ReservedTally(workload.Skus.Length);
var expiresAt = DateTimeOffset.UtcNow.AddHours(1);
using var channel = inventory.CreateChannel();
var client = new Vargo.Inventory.Grpc.Inventory.InventoryClient(channel);

var rows = new List<(string Path, string What, LoadResult Result, ReservedTally? Tally)>();
using var batchMeter = new LedgerBatchMeter();
var batchesByPath = new Dictionary<string, BatchTotals>();
var ledgerWriters = inventory.Services.GetRequiredService<IOptions<InventoryOptions>>().Value.LedgerWriters;
var loadByPath = new Dictionary<string, string>();
async Task MeasureAsync(string path, string what, ReservedTally? tally, Func<int, Task> call)
{
    var rejectedBefore = tally?.Rejected ?? 0;
    var reservedBefore = tally?.Reserved ?? 0;
    var batchesBefore = batchMeter.Snapshot();
    var result = await ClosedLoop.RunAsync(workers, warmUp, duration, call);
    var batches = batchesByPath[path] = batchMeter.Snapshot() - batchesBefore;
    loadByPath[path] = LoadAverage();
    rows.Add((path, what, result, tally));
    var granted = tally is null ? "" : $"  ({tally.Reserved - reservedBefore} reserved, {tally.Rejected - rejectedBefore} rejected incl. warm-up)";
    var grouped = batches.Batches == 0 ? "" : $"; ledger batches: {batches.AverageSize:F1} reservations, {batches.AverageMs:F1} ms each";
    Console.WriteLine($"{path,-11} {result.PerSecond,8:F0}/s  p50 {result.P50Ms,7:F2} ms  p99 {result.P99Ms,7:F2} ms{granted}{grouped}  load {loadByPath[path]}");
}

await MeasureAsync("direct", "Reserve script via StackExchange.Redis", directTally, async worker =>
{
    var lines = workload.NextOrder(worker);
    var decision = await direct.ReserveAsync(directEpoch, Guid.NewGuid(), lines, expiresAt);
    switch (decision.Outcome)
    {
        case RedisReserveOutcome.Reserved: directTally.Add(workload, lines); break;
        case RedisReserveOutcome.Short: directTally.Reject(); break;
        default: throw new InvalidOperationException($"Unexpected script outcome {decision.Outcome}.");
    }
});

await MeasureAsync("grpc", "ReserveStock over gRPC (script + group-committed ledger transaction)", serviceTally, async worker =>
{
    var lines = workload.NextOrder(worker);
    var request = new ReserveStockRequest { OrderId = Guid.NewGuid().ToString() };
    request.Lines.AddRange(lines.Select(line => new StockLine { Sku = line.Sku, Quantity = line.Quantity }));
    var reply = await client.ReserveStockAsync(request);
    if (reply.Reserved) { serviceTally.Add(workload, lines); } else { serviceTally.Reject(); }
});

await MeasureAsync("in-process", "ReservationService.ReserveAsync, no gRPC (script + group-committed ledger transaction)", serviceTally, async worker =>
{
    var lines = workload.NextOrder(worker);
    await using var scope = inventory.Services.CreateAsyncScope();
    var result = await scope.ServiceProvider.GetRequiredService<ReservationService>()
        .ReserveAsync(Guid.NewGuid(), lines, null, "bench", CancellationToken.None);
    if (result.IsReserved) { serviceTally.Add(workload, lines); } else { serviceTally.Reject(); }
});

await MeasureAsync("grpc-read", "GetAvailability over gRPC (one read script, no PostgreSQL)", null, async worker =>
{
    var request = new GetAvailabilityRequest();
    request.Skus.AddRange(workload.NextOrder(worker).Select(line => line.Sku));
    await client.GetAvailabilityAsync(request);
});

// The oversell check. Direct: Redis is the only store. Service: the ledger (PostgreSQL) and Redis must both agree.
var directAvailable = await direct.GetAvailableAsync(directEpoch, workload.Skus) ?? throw new InvalidOperationException("Stale epoch.");
var serviceEpoch = await inventory.Services.GetRequiredService<StockReconciler>().CurrentEpochAsync(CancellationToken.None);
var serviceAvailable = await inventory.Services.GetRequiredService<RedisStockStore>().GetAvailableAsync(serviceEpoch, workload.Skus)
    ?? throw new InvalidOperationException("Stale epoch.");
List<LedgerBalance> ledger;
await using (var scope = inventory.Services.CreateAsyncScope())
{
    ledger = await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Database.SqlQuery<LedgerBalance>($"""
        SELECT s."Sku", s."OnHand",
               COALESCE(SUM(CASE WHEN l."Kind" = 'Reserve' THEN l."Quantity"
                                 WHEN l."Kind" IN ('Commit', 'Release', 'Expire') THEN -l."Quantity" ELSE 0 END), 0)::int AS "Reserved"
        FROM stock_items s LEFT JOIN ledger l ON l."Sku" = s."Sku"
        GROUP BY s."Sku", s."OnHand"
        """).ToListAsync();
}
var stock = workload.InitialStock.ToDictionary(s => s.Sku, s => s.Quantity);
long directOversold = 0, serviceOversold = 0, mismatches = 0;
for (var i = 0; i < workload.Skus.Length; i++)
{
    var sku = workload.Skus[i];
    var available = directAvailable[i] ?? 0;
    directOversold += Math.Max(0, -available) + Math.Max(0, directTally[i] - stock[sku]);
    mismatches += stock[sku] - available == directTally[i] ? 0 : 1;

    var row = ledger.Single(b => b.Sku == sku);
    var redisAvailable = serviceAvailable[i] ?? 0;
    serviceOversold += Math.Max(0, row.Reserved - row.OnHand) + Math.Max(0, -redisAvailable);
    mismatches += row.OnHand - row.Reserved == redisAvailable && row.Reserved == serviceTally[i] && row.OnHand == stock[sku] ? 0 : 1;
}
var scarceSold = string.Join(", ", workload.Skus.Where(s => s.StartsWith("BENCH-S-", StringComparison.Ordinal))
    .Select(s => ledger.Single(b => b.Sku == s).Reserved));
Console.WriteLine($"oversold units: direct {directOversold}, service {serviceOversold}; SKUs where a store or the tally disagree: {mismatches}");
Console.WriteLine($"scarce SKUs (stock {Workload.ScarceStock} each), units reserved in the ledger: {scarceSold}");

var grpcRow = rows.Single(r => r.Path == "grpc").Result;
var directRow = rows.Single(r => r.Path == "direct").Result;
var ratio = grpcRow.PerSecond / directRow.PerSecond;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio grpc ÷ direct: {ratio:F3} (goal ≥ 0.5)"));

if (output is not null)
{
    await MarkedSection.WriteAsync(output, "inventory", Render());
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

int ArgValue(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}

string Render()
{
    var text = new System.Text.StringBuilder();
    var inv = CultureInfo.InvariantCulture;
    text.AppendLine("## Inventory: reservations per second, gRPC vs the Lua script direct");
    text.AppendLine();
    text.AppendLine(string.Create(inv, $"{workers} concurrent closed-loop callers, {warmUp.TotalSeconds:F0} s warm-up then {seconds} s per row, one process: the load, the real Inventory service (in-process WebApplication, production settings, Kestrel HTTP/2 gRPC endpoint on loopback) and its clients; local PostgreSQL and Redis on the same {Environment.ProcessorCount} cores. Orders of 1–3 lines over 500 SKUs, one in 50 also takes one of 8 scarce SKUs (20 units each) so they sell out mid-run. Ratio = row ÷ direct, same run; measured {DateTimeOffset.UtcNow:yyyy-MM-dd}."));
    text.AppendLine();
    text.AppendLine("| path | what runs per call | calls/s | p50 ms | p99 ms | ratio to direct |");
    text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
    foreach (var (path, what, r, _) in rows)
    {
        text.AppendLine(string.Create(inv, $"| {path} | {what} | {r.PerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.PerSecond / directRow.PerSecond:F3} |"));
    }
    text.AppendLine();
    text.AppendLine(string.Create(inv, $"**gRPC ÷ direct = {ratio:F3}** (goal ≥ 0.5). **Oversold units: {directOversold + serviceOversold}** (direct {directOversold}, service {serviceOversold}; checked per SKU against Redis and the ledger after the run; SKUs where Redis, the ledger and the callers' tally of granted units disagree: {mismatches}). Scarce SKUs reserved: {scarceSold} of {Workload.ScarceStock} each."));
    text.AppendLine();
    var read = rows.Single(r => r.Path == "grpc-read").Result.PerSecond / directRow.PerSecond;
    var inProcess = rows.Single(r => r.Path == "in-process").Result.PerSecond / directRow.PerSecond;
    var grpcBatches = batchesByPath["grpc"];
    var inProcessBatches = batchesByPath["in-process"];
    text.AppendLine(string.Create(inv, $"How a reservation is written: group commit (services/Inventory/README.md, \"Write protocol\"): after its Lua script, each reservation's ledger rows join a queue that batches of up to {ReservationLedgerWriter.MaxBatch} drain ({ledgerWriters} writer loops); one transaction per batch (shared advisory lock + one multi-row insert in one round trip, one epoch read, one commit with one WAL flush), and every caller hears \"reserved\" only after that commit. During the `grpc` row a batch carried {grpcBatches.AverageSize:F1} reservations on average and took {grpcBatches.AverageMs:F1} ms ({inProcessBatches.AverageSize:F1} and {inProcessBatches.AverageMs:F1} ms during `in-process`). Before group commit (one transaction per reservation; earlier run on 2026-11-25, load 40.65) the same benchmark gave grpc 641/s = 0.027 and in-process 706/s = 0.030 of direct."));
    text.AppendLine();
    text.AppendLine(string.Create(inv, $"What bounds it now: with {workers} closed-loop callers the rate is {workers} ÷ a call's latency, and every call still waits for one durable commit of its batch plus, on average, part of the batch ahead of it ({grpcBatches.AverageMs:F1} ms per batch here, p50 of a gRPC call {grpcRow.P50Ms:F1} ms), so batching buys throughput (bigger batches, not faster ones) until the CPU is the limit. The second bound is CPU: the load, the gRPC client and server, PostgreSQL and Redis share {Environment.ProcessorCount} cores. `grpc-read` (gRPC + Kestrel HTTP/2 + one read script, no PostgreSQL at all) reaches {read:F2} of direct{(read < 0.5 ? ", below 0.5 by itself: in this one-process setup no gRPC call reaches the goal, whatever the ledger costs" : "")}; ReserveStock adds the PostgreSQL work (rows, indexes, WAL flush) to that. `in-process` reaches {inProcess:F3} and `grpc` {ratio:F3}: the gap is gRPC's cost on the write path. For 0.5 ({directRow.PerSecond / 2:F0}/s) with {workers} callers, a call would have to finish in {workers / (directRow.PerSecond / 2) * 1000:F1} ms including its batch's durable commit, while a batch alone takes {grpcBatches.AverageMs:F1} ms here: that needs a faster commit (disk flush and CPU not shared with the load) or more callers per commit, not a weaker protocol. Load average (1 min) at the end of each row: {string.Join(", ", loadByPath.Select(p => $"{p.Key} {p.Value}"))} (two other helpers' builds and tests share the two cores), so absolute rates are low and vary between runs."));
    text.AppendLine();
    text.AppendLine($"Reproduce: `dotnet run -c Release --project bench/Vargo.Bench.Inventory -- --seconds {seconds} --workers {workers} --write docs/benchmarks.md` (starts its own PostgreSQL, Redis and RabbitMQ; about 1.5 minutes).");
    return text.ToString();
}

internal sealed record LedgerBalance(string Sku, int OnHand, int Reserved);
