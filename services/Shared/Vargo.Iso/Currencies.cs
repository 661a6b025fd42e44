using System.Collections.Frozen;
using System.Globalization;
using System.Xml.Linq;

namespace Vargo.Iso;

/// <summary>
/// The active ISO 4217 currencies and their minor units (JPY 0, USD 2, KWD 3, CLF 4), read from the maintenance
/// agency's own table (<c>Data/iso4217-list-one.xml</c>, see README). Codes without minor units (gold, SDR,
/// testing, "no currency") are left out: nothing can be priced or charged in them.
/// </summary>
public static class Currencies
{
    private static readonly FrozenDictionary<string, Currency> Table = Load();

    /// <summary>Every active code, upper case.</summary>
    public static IEnumerable<string> Codes => Table.Keys;

    /// <summary>True for an active ISO 4217 code with minor units (exact, upper case: "usd" is not a code).</summary>
    public static bool IsActive(string? code) => code is not null && Table.ContainsKey(code);

    public static bool TryGet(string? code, out Currency currency)
    {
        currency = default;
        return code is not null && Table.TryGetValue(code, out currency);
    }

    /// <summary>The number of decimals the currency has (JPY 0, USD 2, KWD 3). Throws for an unknown code.</summary>
    public static int MinorUnits(string code) =>
        Table.TryGetValue(code, out var currency) ? currency.MinorUnits : throw new ArgumentException($"'{code}' is not an active ISO 4217 currency.", nameof(code));

    /// <summary>
    /// True when the amount needs no more decimals than the currency has. Trailing zeros are not precision:
    /// 100.00 JPY is 100 yen, 100.50 JPY is not an amount of yen.
    /// </summary>
    public static bool FitsMinorUnits(decimal amount, string code) =>
        TryGet(code, out var currency) && decimal.Round(amount, currency.MinorUnits) == amount;

    /// <summary>
    /// Why an amount cannot be an amount of that currency (unknown code, more decimals than the currency has),
    /// or null when it can. Messages name no field; callers key them by theirs.
    /// </summary>
    public static string? Check(decimal amount, string? code)
    {
        if (!TryGet(code, out var currency))
        {
            return $"'{code}' is not an active ISO 4217 currency code (three upper-case letters, e.g. USD).";
        }
        return decimal.Round(amount, currency.MinorUnits) == amount
            ? null
            : currency.MinorUnits == 0
                ? $"{currency.Code} has no minor unit: the amount must be a whole number."
                : $"{currency.Code} has {currency.MinorUnits} decimal places: the amount has more.";
    }

    /// <summary>
    /// The amount in the currency's minor units (12.34 USD → 1234, 500 JPY → 500, 1.234 KWD → 1234), as card
    /// processors want it. Never rounds: an amount with more decimals than the currency has throws, because
    /// it should have been refused as input long before.
    /// </summary>
    public static long ToMinorUnits(decimal amount, string code)
    {
        if (Check(amount, code) is { } problem)
        {
            throw new ArgumentException(problem, nameof(amount));
        }
        var scaled = amount * Pow10(MinorUnits(code));
        return scaled is >= long.MinValue and <= long.MaxValue
            ? (long)scaled
            : throw new OverflowException($"{amount} {code} does not fit in 64-bit minor units.");
    }

    /// <summary>The inverse of <see cref="ToMinorUnits"/>: 1234 USD → 12.34.</summary>
    public static decimal FromMinorUnits(long minorUnits, string code) => minorUnits / Pow10(MinorUnits(code));

    /// <summary>
    /// The amount written with exactly its currency's decimals (12.5 USD → 12.50, 1500.0000 JPY → 1500, 1.2340 KWD
    /// → 1.234), as a database column of a wider scale hands it back. Never rounds: an amount with more decimals
    /// than the currency has, or an unknown code, comes back unchanged.
    /// </summary>
    public static decimal InCurrencyScale(decimal amount, string? code) =>
        TryGet(code, out var currency) && decimal.Round(amount, currency.MinorUnits) == amount ? decimal.Round(amount, currency.MinorUnits) : amount;

    /// <summary>
    /// For people (e-mails, chat answers): "1,234.50 USD", "1,500 JPY", "1.234 KWD" (invariant culture, digit
    /// grouping, the currency's decimals). Never rounds: an amount with more decimals, or an unknown code, shows
    /// every digit it has.
    /// </summary>
    public static string Format(decimal amount, string? code)
    {
        var decimals = TryGet(code, out var currency) && decimal.Round(amount, currency.MinorUnits) == amount
            ? currency.MinorUnits
            : Math.Max(0, (int)amount.Scale);
        return $"{amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {code}".TrimEnd();
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }
        return result;
    }

    private static FrozenDictionary<string, Currency> Load()
    {
        using var stream = typeof(Currencies).Assembly.GetManifestResourceStream("iso4217-list-one.xml")
            ?? throw new InvalidOperationException("The ISO 4217 table is not embedded.");
        var entries = XDocument.Load(stream).Descendants("CcyNtry")
            .Select(e => (Code: (string?)e.Element("Ccy"), Name: ((string?)e.Element("CcyNm"))?.Trim(), Numeric: (string?)e.Element("CcyNbr"),
                MinorUnits: (string?)e.Element("CcyMnrUnts")))
            .Where(e => e.Code is not null && int.TryParse(e.MinorUnits, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var table = new Dictionary<string, Currency>(StringComparer.Ordinal);
        foreach (var (code, name, numeric, minorUnits) in entries)
        {
            // A code appears once per country that uses it, always with the same minor units.
            table[code!] = new Currency(code!, numeric ?? "", int.Parse(minorUnits!, CultureInfo.InvariantCulture), name ?? code!);
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>One ISO 4217 currency: alphabetic and numeric code, number of decimals, English name.</summary>
public readonly record struct Currency(string Code, string Numeric, int MinorUnits, string Name);
