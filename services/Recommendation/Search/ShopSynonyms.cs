using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vargo.Recommendation.Search;

/// <summary>
/// What shoppers call the kinds of product the shop sells → the plain words its product texts use: slang ("kicks" →
/// "sneakers"), informal and old names ("frock" → "dress"), sub-kinds ("earbuds" → "headphones", "flip flops" →
/// "sandals", "whodunnit" → "mystery"), shortenings ("sci-fi" → "science fiction"). A query gains the plain words, so a
/// product is found by the name a shopper has for it even when neither its text nor the embedding model knows that name.
/// This is a shop's synonym list, the one piece of search a merchandiser curates (what Elasticsearch's and Solr's
/// synonym filters read): <c>Search/shop-synonyms.json</c>, written from the shop's category list only, without any
/// query set or product text (its "about" says by whom). <see cref="EnglishVariants"/> keeps the British/American pairs.
/// </summary>
public sealed partial class ShopSynonyms
{

    // Keys are word sequences joined by one space ("flip flops", "sci fi", "2 in 1"): hyphens, apostrophes and "&" are
    // word breaks on both sides, so "flip-flops", "flip flops" and "Flip-Flops" are one key.
    private readonly Dictionary<string, string[]> _map;
    private readonly int _longest;

    /// <param name="synonyms">A shopper's word or phrase → the plain words it means, more likely first.</param>
    public ShopSynonyms(IReadOnlyDictionary<string, string[]> synonyms)
    {
        _map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (phrase, plain) in synonyms)
        {
            var key = string.Join(' ', Words(phrase));
            if (key.Length > 0 && plain.Length > 0)
            {
                _map[key] = plain;
            }
        }
        _longest = _map.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    /// <summary>The list shipped with the service (<c>Search/shop-synonyms.json</c>, embedded).</summary>
    public static ShopSynonyms Shipped { get; } = Load("Vargo.Recommendation.shop-synonyms.json");

    /// <summary>
    /// The shipped list of what activities and interests call for (<c>Search/shop-uses.json</c>, embedded): "hiit" →
    /// "training shoe", "sourdough" → "dutch oven". Same form and use as <see cref="Shipped"/>, kept apart because it says
    /// what a need calls for rather than what a thing is called.
    /// </summary>
    public static ShopSynonyms ShippedUses { get; } = Load("Vargo.Recommendation.shop-uses.json");

    /// <summary>Every single word the list knows, on either side (the query corrector must not "correct" them).</summary>
    public IEnumerable<string> KnownWords =>
        _map.Keys.Concat(_map.Values.SelectMany(v => v))
            .SelectMany(Words)
            .Where(w => w.Length >= 3 && w.All(char.IsLetter))
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="query"/> followed by the plain words for the shoppers' words in it, each once and only when not
    /// already in it: "cool kicks for a teenager" → "cool kicks for a teenager sneakers". The longest phrase wins ("pots
    /// and pans" before "pans"); a plural the list lacks is looked up by its singular ("frocks" → "frock", "bell tents" →
    /// "bell tent"). The query is returned unchanged when nothing applies.
    /// </summary>
    public string Expand(string query) =>
        Read(query).Meanings is { Count: > 0 } added ? new StringBuilder(query).Append(' ').AppendJoin(' ', added).ToString() : query;

    /// <summary>The plain words <see cref="Expand"/> adds to <paramref name="query"/> (each once, in order; empty: none).</summary>
    public IReadOnlyList<string> Meanings(string query) => Read(query).Meanings;

    /// <summary>
    /// The query's words (lower case, one space apart) that no phrase of the list covers: "boot camp workout" with "boot
    /// camp" in the list leaves "workout".
    /// </summary>
    public string Uncovered(string query) => string.Join(' ', Read(query).Uncovered);

    private (List<string> Meanings, List<string> Uncovered) Read(string query)
    {
        var words = Words(query).ToArray();
        var present = words.ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        var uncovered = new List<string>();
        for (var i = 0; i < words.Length;)
        {
            var matched = 0;
            string[]? plain = null;
            for (var length = Math.Min(_longest, words.Length - i); length > 0 && matched == 0; length--)
            {
                if ((plain = Lookup(string.Join(' ', words, i, length))) is not null)
                {
                    matched = length;
                }
            }
            if (plain is null)
            {
                uncovered.Add(words[i]);
            }
            foreach (var meaning in plain ?? [])
            {
                if (Words(meaning).Any(w => !present.Contains(w)) && !added.Contains(meaning, StringComparer.Ordinal))
                {
                    added.Add(meaning);
                }
            }
            i += Math.Max(matched, 1);
        }
        return (added, uncovered);
    }

    /// <summary>The phrase's plain words, or those of its singular ("bell tents" → "bell tent", "bivvies" → "bivvy").</summary>
    private string[]? Lookup(string phrase) =>
        _map.TryGetValue(phrase, out var plain) ? plain
        : phrase.Length <= 3 || !phrase.EndsWith('s') ? null
        : _map.TryGetValue(phrase[..^1], out plain) ? plain
        : phrase.EndsWith("es", StringComparison.Ordinal) && _map.TryGetValue(phrase[..^2], out plain) ? plain
        : phrase.EndsWith("ies", StringComparison.Ordinal) && _map.TryGetValue(phrase[..^3] + "y", out plain) ? plain
        : null;

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant());

    private static ShopSynonyms Load(string resource)
    {
        using var stream = typeof(ShopSynonyms).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The service no longer embeds {resource}.");
        var file = JsonSerializer.Deserialize<SynonymFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{resource} is empty.");
        return new ShopSynonyms(file.Synonyms ?? file.Uses ?? []);
    }

    private sealed record SynonymFile(string About, Dictionary<string, string[]>? Synonyms, Dictionary<string, string[]>? Uses);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
