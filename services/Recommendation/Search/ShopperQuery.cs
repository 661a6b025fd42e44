using System.Globalization;
using System.Text.RegularExpressions;

namespace Vargo.Recommendation.Search;

/// <summary>
/// What a shopper typed, split into the words to rank by and the constraints to filter by: a price bound
/// ("under $30", "less than 50", "over £100", "between 20 and 40", "$20-$40"), a colour ("red", "grey"/"gray") and a
/// size ("size 42", "size M", "XL"). The price phrases are taken out of <see cref="Text"/> (numbers only confuse both
/// rankings); colour and size words stay in it. A currency symbol makes the bound apply only to prices in that
/// currency (amounts are never compared across currencies); without one, the bound applies to any price.
/// </summary>
public sealed partial record ShopperQuery(
    string Text,
    decimal? MinPrice,
    decimal? MaxPrice,
    string? Currency,
    string? Colour,
    string? Size)
{
    /// <summary>The colours shoppers name, with the spelling the catalog uses.</summary>
    private static readonly Dictionary<string, string> ColourWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["black"] = "black", ["white"] = "white", ["navy"] = "navy", ["grey"] = "grey", ["gray"] = "grey",
        ["red"] = "red", ["green"] = "green", ["blue"] = "blue", ["beige"] = "beige", ["olive"] = "olive",
        ["burgundy"] = "burgundy", ["pink"] = "pink", ["yellow"] = "yellow", ["brown"] = "brown", ["orange"] = "orange",
        ["purple"] = "purple", ["silver"] = "silver", ["gold"] = "gold",
    };

    private static readonly Dictionary<string, string> SizeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["xs"] = "xs", ["s"] = "s", ["m"] = "m", ["l"] = "l", ["xl"] = "xl", ["xxl"] = "xxl",
        ["small"] = "s", ["medium"] = "m", ["large"] = "l", ["extra-small"] = "xs", ["extra-large"] = "xl",
    };

    public static ShopperQuery Parse(string query)
    {
        decimal? min = null, max = null;
        string? currency = null;
        var text = query;

        text = Between().Replace(text, m =>
        {
            (min, max) = Order(Amount(m.Groups["a"].Value), Amount(m.Groups["b"].Value));
            currency ??= Symbol(m.Groups["ca"].Value) ?? Symbol(m.Groups["cb"].Value);
            return " ";
        });
        text = AtMost().Replace(text, m =>
        {
            max = Amount(m.Groups["a"].Value);
            currency ??= Symbol(m.Groups["c"].Value);
            return " ";
        });
        text = AtLeast().Replace(text, m =>
        {
            min = Amount(m.Groups["a"].Value);
            currency ??= Symbol(m.Groups["c"].Value);
            return " ";
        });

        string? size = null;
        var sizeMatch = ExplicitSize().Match(text);
        if (sizeMatch.Success)
        {
            var value = sizeMatch.Groups["s"].Value;
            size = SizeWords.TryGetValue(value, out var word) ? word : value.ToLowerInvariant();
        }
        else if (LetterSize().Match(text) is { Success: true } letters)
        {
            size = letters.Groups["s"].Value.ToLowerInvariant();
        }

        string? colour = null;
        foreach (Match word in Word().Matches(text))
        {
            if (ColourWords.TryGetValue(word.Value, out var c))
            {
                colour = c;
                break;
            }
        }

        return new ShopperQuery(Spaces().Replace(text, " ").Trim(), min, max, currency, colour, size);
    }

    private static (decimal?, decimal?) Order(decimal? a, decimal? b) => a > b ? (b, a) : (a, b);

    private static decimal? Amount(string value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    private static string? Symbol(string symbol) => symbol switch
    {
        "$" => "USD",
        "£" => "GBP",
        "€" => "EUR",
        _ => null,
    };

    // "up to 4 people", "over 2 kg": a number followed by a unit is not a price.
    private const string NotAUnit = @"(?!\s?(?:people|persons?|players?|seasons?|kg|g|lbs?|oz|l|litres?|liters?|qt|quarts?|cups?|cm|mm|m|inch|inches|in|""|w|watts?|hours?|h|gb|tb|mah|years?|yr|months?|pcs|pieces?|pack)\b)(?=\W|$)";

    private const string Money = @"(?<c>[$£€])?\s?(?<a>\d{1,9}(?:\.\d{1,4})?)\s?(?:dollars|bucks|pounds|euros|usd|gbp|eur)?";

    // "between 20 and 40" or "$20-$40"; a bare "2 to 4" (people, hours) is not a price.
    [GeneratedRegex(@"(?:\bbetween\s+(?<ca>[$£€])?\s?(?<a>\d{1,9}(?:\.\d{1,4})?)\s?(?:-|to|and)\s?(?<cb>[$£€])?\s?(?<b>\d{1,9}(?:\.\d{1,4})?)|(?<ca>[$£€])\s?(?<a>\d{1,9}(?:\.\d{1,4})?)\s?(?:-|to)\s?(?<cb>[$£€])?\s?(?<b>\d{1,9}(?:\.\d{1,4})?))" + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"(?:\b(?:under|below|less\s+than|cheaper\s+than|max(?:imum)?|at\s+most|up\s+to|no\s+more\s+than|within)\s*|<\s*)" + Money + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex AtMost();

    [GeneratedRegex(@"(?:\b(?:over|above|more\s+than|at\s+least|from|min(?:imum)?)\s*|>\s*)" + Money + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex AtLeast();

    [GeneratedRegex(@"\bsize\s+(?<s>extra-small|extra-large|small|medium|large|xxl|xl|xs|[sml]|\d{1,2}(?:\.5)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitSize();

    // Bare letter sizes only when unmistakable (XS, XL, XXL): a bare "S", "M" or "L" is too often something else.
    [GeneratedRegex(@"\b(?<s>xxl|xl|xs)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LetterSize();

    [GeneratedRegex(@"[\p{L}-]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
