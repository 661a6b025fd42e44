using System.Text.RegularExpressions;

namespace Vargo.Web.Components.Shared;

/// <summary>
/// An assistant answer as the shopper reads it: a line naming a product by its id ("- Simply Curry (Lantern House) —
/// 20.99 USD — SKU BK-COK-0011, id ce724afb-…") shows the product's name as a link to its page (<c>/product/{id}</c>)
/// and drops the SKU and the id, which mean nothing to a shopper. Everything else stays as the assistant wrote it.
/// </summary>
public static partial class AssistantText
{
    /// <summary>A piece of the answer: plain text, or (with <see cref="Product"/>) the text of a link to that product.</summary>
    public sealed record Segment(string Text, Guid? Product = null);

    public static IReadOnlyList<Segment> Parse(string text)
    {
        var segments = new List<Segment>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var newline = i < lines.Length - 1 ? "\n" : "";
            if (IdPattern().Match(line) is not { Success: true } id || !Guid.TryParse(id.Groups["id"].Value, out var product))
            {
                segments.Add(new(line + newline));
                continue;
            }
            var rest = line.Remove(id.Index, id.Length).TrimEnd();
            // The product's name: after a list marker, up to the first " — " (then price and the like follow).
            var marker = ListMarker().Match(rest);
            var body = rest[marker.Length..];
            var dash = body.IndexOf(" — ", StringComparison.Ordinal);
            var name = dash > 0 ? body[..dash] : body;
            segments.Add(new(rest[..marker.Length]));
            segments.Add(new(name, product));
            segments.Add(new((dash > 0 ? body[dash..] : "") + newline));
        }
        return segments.Where(s => s.Text.Length > 0).ToList();
    }

    // ", id <uuid>" or " — SKU X, id <uuid>" or "(id <uuid>)": what a shopper does not need to read.
    [GeneratedRegex(@"\s*(?:—\s*)?(?:SKU\s+[A-Za-z0-9._-]+,?\s*)?,?\s*\(?\bid:?\s+(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)?")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+")]
    private static partial Regex ListMarker();
}
