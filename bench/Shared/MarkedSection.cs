namespace Vargo.Bench;

/// <summary>Replaces one benchmark's section of docs/benchmarks.md, between its own markers; other sections are untouched.</summary>
internal static class MarkedSection
{
    public static async Task WriteAsync(string path, string name, string body)
    {
        var start = $"<!-- bench:{name}:start -->";
        var end = $"<!-- bench:{name}:end -->";
        var section = start + "\n" + body.TrimEnd() + "\n" + end;
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + section + text[(to + end.Length)..]
            : text.TrimEnd() + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text);
    }
}
