using System.Globalization;
using System.Text;
using ScottPlot;

namespace Vargo.LoadTest;

/// <summary>The sweep as a Markdown section (for docs/benchmarks.md) and a PNG chart of throughput against p50/p99.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The p99 beyond which a rate counts as blown up: <paramref name="floorMs"/>, or five times the best p99 of the sweep
    /// when that is higher (on a loaded machine even a low rate is slow; the knee is where queueing takes off).
    /// </summary>
    public static double P99Limit(IReadOnlyList<LevelResult> levels, double floorMs) =>
        levels.Count == 0 ? floorMs : Math.Max(floorMs, 5 * levels.Min(l => l.ResponseTime.P99));

    /// <summary>A level is past the knee when its errors pass 1 % or its p99 passes <see cref="P99Limit"/>.</summary>
    public static bool BlownUp(LevelResult level, double p99LimitMs) => level.ErrorRate > 0.01 || level.ResponseTime.P99 > p99LimitMs;

    public static string Markdown(IReadOnlyList<LevelResult> levels, Settings settings, string chartPath, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        var limit = P99Limit(levels, settings.P99LimitMs);
        void Line(FormattableString line = null!) => text.AppendLine(line is null ? "" : line.ToString(Inv));

        Line($"## Load test: open-loop shopper mix, sweep of arrival rates");
        Line();
        Line($"The whole app in local mode (every service, PostgreSQL, Redis, RabbitMQ, started by Aspire.Hosting.Testing as the checkout bench does) and the load generator on the same {Environment.ProcessorCount} cores, measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1/5/15 min) {loadBefore} before the sweep and {loadAfter} after it (the machine was shared with other builds and benches, so absolute figures are noisy). Open loop: actions start at a fixed arrival rate whatever the server does; latency is measured from each action's scheduled start (corrected for coordinated omission) into HdrHistogram. Mix (Online Boutique's load profile): home 1, browse a category 10, add to cart 2, view cart 3, checkout 1; {settings.Customers} customers registered up front, {settings.Products} stocked products. {settings.WarmUp.TotalSeconds:F0} s warm-up (not recorded) then {settings.Duration.TotalSeconds:F0} s per rate; request time-out {settings.RequestTimeout.TotalSeconds:F0} s (a time-out is an error). The sweep stops at the first rate whose errors (failed or unfinished actions) pass 1 % or whose p99 passes {limit:F0} ms (the larger of {settings.P99LimitMs:F0} ms and 5× the sweep's best p99).");
        Line();
        Line($"| offered actions/s | successful actions/s | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | p99 ms uncorrected (service time) |");
        Line($"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var level in levels)
        {
            var r = level.ResponseTime;
            var mark = BlownUp(level, limit) ? " ⚠" : "";
            Line($"| {level.OfferedRate:F0}{mark} | {level.Throughput:F1} | {100 * level.ErrorRate:F1} % | {r.P50:F1} | {r.P90:F1} | {r.P99:F1} | {r.P999:F1} | {r.Max:F0} | {level.ServiceTime.P99:F1} |");
        }
        Line();

        var knee = levels.TakeWhile(l => !BlownUp(l, limit)).LastOrDefault();
        var blown = levels.FirstOrDefault(l => BlownUp(l, limit));
        if (knee is null)
        {
            Line($"**Knee:** below the lowest rate tried ({levels[0].OfferedRate:F0}/s already passed the limits).");
        }
        else if (blown is null)
        {
            Line($"**Knee:** not reached: every rate up to {knee.OfferedRate:F0} actions/s stayed within the limits (p99 {knee.ResponseTime.P99:F0} ms); extend `--rates`.");
        }
        else
        {
            Line($"**Knee:** between {knee.OfferedRate:F0} and {blown.OfferedRate:F0} actions/s offered: at {knee.OfferedRate:F0}/s the app served {knee.Throughput:F1} successful actions/s ({knee.Throughput * ShopperMix.Checkout.Weight / ShopperMix.Operations.Sum(o => o.Weight):F1} of them checkouts) with p99 {knee.ResponseTime.P99:F0} ms; at {blown.OfferedRate:F0}/s p99 was {blown.ResponseTime.P99:F0} ms and errors {100 * blown.ErrorRate:F1} %.");
        }
        Line();

        var detail = knee ?? levels[0];
        Line($"Per action at {detail.OfferedRate:F0} actions/s (latency from the scheduled start):");
        Line();
        Line($"| action | weight | requests | count | errors | p50 ms | p99 ms |");
        Line($"| --- | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var operation in ShopperMix.Operations)
        {
            if (detail.ByOperation.TryGetValue(operation.Name, out var o))
            {
                Line($"| {operation.Name} | {operation.Weight} | {operation.Requests} | {o.Successes + o.Failures} | {o.Failures} | {o.Latency.P50:F1} | {o.Latency.P99:F1} |");
            }
        }
        Line();
        var failures = levels.Where(l => l.FailedRequests.Count > 0)
            .Select(l => $"{l.OfferedRate:F0}/s: " + string.Join(", ", l.FailedRequests.OrderByDescending(f => f.Value).Select(f => $"{f.Key} ×{f.Value}")));
        Line($"Failed requests (including warm-up): {(failures.Any() ? string.Join("; ", failures) : "none")}.");
        Line();
        Line($"The sweep runs from the lowest rate up, right after start-up: the first rates also pay for JIT compilation and cold caches, and every rate shares the cores with the rest of the machine (load average above), so a tail at a low rate that a higher rate does not show is noise, not the knee.");
        Line();
        Line($"![Throughput against p50 and p99 latency](img/{Path.GetFileName(chartPath)})");
        Line();
        Line($"Reproduce: `dotnet run -c Release --project bench/Vargo.LoadTest -- {settings.CommandLine} --write docs/benchmarks.md` (starts the AppHost itself; writes this section and `docs/{Path.GetFileName(Path.GetDirectoryName(chartPath))}/{Path.GetFileName(chartPath)}`).");
        return text.ToString();
    }

    public static void Chart(IReadOnlyList<LevelResult> levels, double p99FloorMs, string path)
    {
        var p99LimitMs = P99Limit(levels, p99FloorMs);
        var plot = new Plot();
        var throughput = levels.Select(l => l.Throughput).ToArray();
        var p50 = plot.Add.Scatter(throughput, levels.Select(l => l.ResponseTime.P50).ToArray());
        p50.LegendText = "p50";
        p50.MarkerSize = 8;
        var p99 = plot.Add.Scatter(throughput, levels.Select(l => l.ResponseTime.P99).ToArray());
        p99.LegendText = "p99";
        p99.MarkerSize = 8;
        var limit = plot.Add.HorizontalLine(p99LimitMs);
        limit.LegendText = $"p99 limit ({p99LimitMs:F0} ms)";
        limit.LinePattern = LinePattern.Dashed;
        foreach (var level in levels)
        {
            var label = plot.Add.Text(string.Create(Inv, $"{level.OfferedRate:F0}/s"), level.Throughput, level.ResponseTime.P99);
            label.LabelFontSize = 11;
        }
        plot.Title("Vargo open-loop load: throughput vs latency (labels: offered rate)");
        plot.XLabel("successful actions per second");
        plot.YLabel("latency from scheduled start (ms)");
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 900, 560);
    }
}

/// <summary>The run's settings, as given on the command line (with their defaults).</summary>
internal sealed record Settings(
    double[] Rates, TimeSpan WarmUp, TimeSpan Duration, int Customers, int Products, double P99LimitMs, TimeSpan RequestTimeout, string CommandLine);
