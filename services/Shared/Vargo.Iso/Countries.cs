using System.Collections.Frozen;

namespace Vargo.Iso;

/// <summary>
/// The assigned ISO 3166-1 alpha-2 country codes (249), from <c>Data/iso3166-1.tsv</c> (see README). User-assigned
/// codes (AA, QM–QZ, XA–XZ, ZZ), reserved and withdrawn codes (UK, AN) are not assigned codes.
/// </summary>
public static class Countries
{
    private static readonly FrozenDictionary<string, Country> Table = Load();

    public static IEnumerable<string> Codes => Table.Keys;

    /// <summary>True for an assigned alpha-2 code, exact and upper case ("de" is not a code).</summary>
    public static bool IsAssigned(string? alpha2) => alpha2 is not null && Table.ContainsKey(alpha2);

    public static bool TryGet(string? alpha2, out Country country)
    {
        country = default;
        return alpha2 is not null && Table.TryGetValue(alpha2, out country);
    }

    private static FrozenDictionary<string, Country> Load()
    {
        using var stream = typeof(Countries).Assembly.GetManifestResourceStream("iso3166-1.tsv")
            ?? throw new InvalidOperationException("The ISO 3166-1 table is not embedded.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, Country>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var fields = line.Split('\t');
            table[fields[0]] = new Country(fields[0], fields[1], fields[2], fields[3]);
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>One ISO 3166-1 entry: alpha-2, alpha-3, numeric code and English short name.</summary>
public readonly record struct Country(string Alpha2, string Alpha3, string Numeric, string Name);
