using System.Globalization;
using System.Text.RegularExpressions;

namespace Vargo.Recommendation.Search;

/// <summary>
/// What a shopper typed, split into the words to rank by and the constraints to filter by: a price bound ("under $30",
/// "less than 50", "under 50 bucks", "over £100", "$100 or less", "$50 and up", "between 20 and 40", "$20-$40",
/// "from $20 to $40", "around $200" = within 20 % either side, "$1.2k", "$1,200"), a colour ("red", "in grey"/"gray",
/// "navy blue", "space grey") and a size ("size 42", "size M", "sz 10", "XL", "extra large", "medium"). The price phrases
/// are taken out of <see cref="Text"/> (numbers only confuse both rankings); colour and size words stay in it. A currency
/// symbol or word ("$", "dollars", "bucks", "£", "quid", "€", "euros") makes the bound apply only to prices in that
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
    /// <summary>The colours shoppers name, with the spelling the catalog uses (two-word names are tried first).</summary>
    private static readonly Dictionary<string, string> ColourWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["space grey"] = "space grey", ["space gray"] = "space grey", ["navy blue"] = "navy", ["stainless steel"] = "stainless",
        ["black"] = "black", ["white"] = "white", ["navy"] = "navy", ["grey"] = "grey", ["gray"] = "grey",
        ["red"] = "red", ["green"] = "green", ["blue"] = "blue", ["beige"] = "beige", ["olive"] = "olive",
        ["burgundy"] = "burgundy", ["maroon"] = "burgundy", ["pink"] = "pink", ["yellow"] = "yellow", ["brown"] = "brown",
        ["orange"] = "orange", ["purple"] = "purple", ["silver"] = "silver", ["gold"] = "gold", ["cream"] = "cream",
        ["ivory"] = "cream", ["sage"] = "sage", ["copper"] = "copper", ["stainless"] = "stainless",
    };

    private static readonly Dictionary<string, string> SizeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["xs"] = "xs", ["s"] = "s", ["m"] = "m", ["l"] = "l", ["xl"] = "xl", ["xxl"] = "xxl", ["2xl"] = "xxl",
        ["small"] = "s", ["medium"] = "m", ["large"] = "l", ["extra-small"] = "xs", ["extra-large"] = "xl",
        ["extra small"] = "xs", ["extra large"] = "xl", ["x-small"] = "xs", ["x-large"] = "xl", ["xx-large"] = "xxl",
    };

    /// <summary>How many constraints were read (a price bound on either side, a colour, a size each count one).</summary>
    public int Constraints => (MinPrice is null ? 0 : 1) + (MaxPrice is null ? 0 : 1) + (Colour is null ? 0 : 1) + (Size is null ? 0 : 1);

    /// <summary>The letter sizes (apparel); a letter size says nothing about a product sized only in numbers (shoes).</summary>
    public static bool IsLetterSize(string size) => size is "xs" or "s" or "m" or "l" or "xl" or "xxl";

    public static ShopperQuery Parse(string query)
    {
        decimal? min = null, max = null;
        string? currency = null;
        var text = query;

        text = Between().Replace(text, m =>
        {
            (min, max) = Order(Amount(m.Groups["a"].Value, m.Groups["ka"].Success), Amount(m.Groups["b"].Value, m.Groups["kb"].Success));
            currency ??= Symbol(m.Groups["ca"].Value) ?? Symbol(m.Groups["cb"].Value) ?? Symbol(m.Groups["w"].Value);
            return " ";
        });
        text = Around().Replace(text, m =>
        {
            if (Amount(m.Groups["a"].Value, m.Groups["k"].Success) is { } amount)
            {
                (min, max) = (amount * 0.8m, amount * 1.2m);
            }
            currency ??= Symbol(m.Groups["c"].Value) ?? Symbol(m.Groups["w"].Value);
            return " ";
        });
        text = AtMostAfter().Replace(text, m => Bound(m, ref max, ref currency));
        text = AtLeastAfter().Replace(text, m => Bound(m, ref min, ref currency));
        text = AtMost().Replace(text, m => Bound(m, ref max, ref currency));
        text = AtLeast().Replace(text, m => Bound(m, ref min, ref currency));

        string? size = null;
        var sizeMatch = ExplicitSize().Match(text);
        if (sizeMatch.Success)
        {
            var value = Spaces().Replace(sizeMatch.Groups["s"].Value, " ");
            size = SizeWords.TryGetValue(value, out var word) ? word : value.ToLowerInvariant();
        }
        else if (LetterSize().Match(text) is { Success: true } letters)
        {
            var value = Spaces().Replace(letters.Groups["s"].Value, " ");
            size = SizeWords.TryGetValue(value, out var word) ? word : value.ToLowerInvariant();
        }

        string? colour = null;
        var words = Word().Matches(text).Select(w => w.Value).ToList();
        for (var i = 0; i < words.Count && colour is null; i++)
        {
            if (i + 1 < words.Count && ColourWords.TryGetValue($"{words[i]} {words[i + 1]}", out var pair))
            {
                colour = pair;
            }
            else if (ColourWords.TryGetValue(words[i], out var single))
            {
                colour = single;
            }
        }

        return new ShopperQuery(Spaces().Replace(text, " ").Trim(), min, max, currency, colour, size);
    }

    private static string Bound(Match m, ref decimal? bound, ref string? currency)
    {
        bound = Amount(m.Groups["a"].Value, m.Groups["k"].Success);
        currency ??= Symbol(m.Groups["c"].Value) ?? Symbol(m.Groups["w"].Value);
        return " ";
    }

    private static (decimal?, decimal?) Order(decimal? a, decimal? b) => a > b ? (b, a) : (a, b);

    private static decimal? Amount(string value, bool thousands) =>
        decimal.TryParse(value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? thousands ? amount * 1000 : amount
            : null;

    private static string? Symbol(string symbol) => symbol.ToLowerInvariant() switch
    {
        "$" or "dollar" or "dollars" or "bucks" or "usd" => "USD",
        "£" or "pound" or "pounds" or "quid" or "gbp" => "GBP",
        "€" or "euro" or "euros" or "eur" => "EUR",
        _ => null,
    };

    // "up to 4 people", "over 2 kg": a number followed by a unit is not a price.
    private const string NotAUnit = @"(?!\s?(?:people|persons?|players?|seasons?|kg|g|lbs?|oz|l|litres?|liters?|qt|quarts?|cups?|cm|mm|m|inch|inches|in|""|w|watts?|hours?|h|gb|tb|mah|years?|yr|months?|pcs|pieces?|pack|slices?|slots?|ch|hz|mp|dpi|lm|lumens?|pages?|%)\b)(?=\W|$)";

    private const string Number = @"\d{1,3}(?:,\d{3})+(?:\.\d{1,4})?|\d{1,9}(?:\.\d{1,4})?";

    private const string CurrencyWord = @"dollars?|bucks|usd|pounds?|quid|gbp|euros?|eur";

    // An amount, with an optional symbol before it, "k" for thousands and a currency word after it.
    private const string Money = @"(?<c>[$£€])?\s?(?<a>" + Number + @")(?<k>k\b)?\s?(?<w>" + CurrencyWord + @")?\b";

    // The same, but a currency must be said: where a bare number is too often something else ("about 1984", "2 or more").
    private const string SaidMoney = @"(?:(?<c>[$£€])\s?(?<a>" + Number + @")(?<k>k\b)?\s?(?<w>" + CurrencyWord + @")?|(?<a>" + Number + @")(?<k>k\b)?\s?(?<w>" + CurrencyWord + @"))\b";

    // "between 20 and 40", "from $20 to $40", "$20-$40", "20-40 dollars"; a bare "2 to 4" (people, hours) is not a price.
    [GeneratedRegex(@"(?:\b(?:between|from)\s+(?<ca>[$£€])?\s?(?<a>" + Number + @")(?<ka>k\b)?\s?(?:-|to|and)\s?(?<cb>[$£€])?\s?(?<b>" + Number + @")(?<kb>k\b)?|(?<ca>[$£€])\s?(?<a>" + Number + @")(?<ka>k\b)?\s?(?:-|to)\s?(?<cb>[$£€])?\s?(?<b>" + Number + @")(?<kb>k\b)?|\b(?<a>" + Number + @")\s?-\s?(?<b>" + Number + @")\s?(?=" + CurrencyWord + @"))\s?(?<w>" + CurrencyWord + @")?" + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"(?:\b(?:around|about|approximately|approx\.?|roughly|circa)\s*|~\s*)" + SaidMoney + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex Around();

    [GeneratedRegex(@"(?:\b(?:under|below|less\s+than|cheaper\s+than|max(?:imum)?|at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|within|budget(?:\s+of)?|for\s+under)\s*|<=?\s*)" + Money + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex AtMost();

    [GeneratedRegex(@"(?:\b(?:over|above|more\s+than|at\s+least|from|min(?:imum)?|starting\s+at|upwards\s+of)\s*|>=?\s*)" + Money + NotAUnit, RegexOptions.IgnoreCase)]
    private static partial Regex AtLeast();

    // "$100 or less", "50 dollars max", "$80 tops".
    [GeneratedRegex(SaidMoney + @"\s*(?:or\s+(?:less|under|below|cheaper)|and\s+(?:under|below)|max(?:imum)?|tops|at\s+most)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AtMostAfter();

    // "$50 and up", "£100 or more", "$20+".
    [GeneratedRegex(SaidMoney + @"\s*(?:(?:or|and)\s+(?:more|up|over|above)\b|\+|plus\b|minimum\b|at\s+least\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AtLeastAfter();

    [GeneratedRegex(@"\b(?:size|sz|eu)\s*:?\s*(?<s>extra[-\s]small|extra[-\s]large|x-small|x-large|xx-large|small|medium|large|2xl|xxl|xl|xs|[sml]|\d{1,2}(?:\.5)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitSize();

    // Bare sizes only when unmistakable (XS, XL, XXL, "extra large", "medium"): a bare "S", "M", "L", "small" or "large"
    // is too often something else ("small speaker", "large tent").
    [GeneratedRegex(@"\b(?<s>xxl|2xl|xl|xs|extra[-\s]small|extra[-\s]large|x-small|x-large|xx-large|medium)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LetterSize();

    [GeneratedRegex(@"[\p{L}-]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
