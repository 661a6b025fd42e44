using System.Text;
using System.Text.RegularExpressions;
using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Products;

/// <summary>
/// The one text a product is embedded (and keyword-indexed) from: name, category path, brand, attributes, the colours and
/// sizes it comes in (its own and its variants'), description. The colours and sizes are written as
/// <c>Colours: Black, Navy. Sizes: 40, 41</c> so the search can read them back as filters (<see cref="Options"/>).
/// </summary>
public static partial class ProductText
{
    private static readonly string[] ColourKeys = ["colour", "color"];
    private static readonly string[] SizeKeys = ["size"];

    public static string Compose(ProductUpserted product)
    {
        var text = new StringBuilder(product.Name);
        text.Append(". Category: ").Append(product.CategoryPath.Replace('/', ' ').Replace('-', ' '));
        if (!string.IsNullOrWhiteSpace(product.Brand))
        {
            text.Append(". Brand: ").Append(product.Brand);
        }
        foreach (var (name, value) in product.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!IsOption(name))
            {
                text.Append(". ").Append(name).Append(": ").Append(value);
            }
        }
        AppendOptions(text, "Colours", product, ColourKeys);
        AppendOptions(text, "Sizes", product, SizeKeys);
        if (!string.IsNullOrWhiteSpace(product.Description))
        {
            text.Append(". ").Append(product.Description);
        }
        return text.ToString();
    }

    /// <summary>The colours and sizes (lower case) a composed text says the product comes in; empty when it says none.</summary>
    public static (IReadOnlySet<string> Colours, IReadOnlySet<string> Sizes) Options(string text) =>
        (Read(ColoursPart().Match(text)), Read(SizesPart().Match(text)));

    private static HashSet<string> Read(Match match) =>
        match.Success
            ? match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal)
            : [];

    private static bool IsOption(string name) =>
        ColourKeys.Contains(name, StringComparer.OrdinalIgnoreCase) || SizeKeys.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static void AppendOptions(StringBuilder text, string label, ProductUpserted product, string[] keys)
    {
        var values = product.Variants.Select(v => v.Attributes).Prepend(product.Attributes)
            .SelectMany(a => a.Where(kv => keys.Contains(kv.Key, StringComparer.OrdinalIgnoreCase)).Select(kv => kv.Value.Trim()))
            // A comma or ". " inside a value would break reading the list back; such values are left out of it.
            .Where(v => v.Length > 0 && !v.Contains(',') && !v.Contains(". ", StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (values.Count > 0)
        {
            text.Append(". ").Append(label).Append(": ").Append(string.Join(", ", values));
        }
    }

    [GeneratedRegex(@"(?:^|\. )Colours: (.+?)(?=\. |$)")]
    private static partial Regex ColoursPart();

    [GeneratedRegex(@"(?:^|\. )Sizes: (.+?)(?=\. |$)")]
    private static partial Regex SizesPart();
}
