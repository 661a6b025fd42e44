using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Vargo.Recommendation.Search;

/// <summary>
/// BM25 full-text ranking over the same product texts the vectors are made from, kept in process beside the vector index.
/// It is the keyword half of blended search and the full-text baseline the benchmark compares semantic search with.
/// </summary>
public sealed partial class KeywordIndex : IKeywordRanking
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "and", "are", "at", "be", "by", "do", "for", "from", "have", "i", "in", "is", "it", "me", "my", "of", "on",
        "or", "some", "that", "the", "this", "to", "with", "you", "your", "want", "need", "looking", "something", "any",
    ];

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, Dictionary<Guid, int>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string[]> _documents = [];
    // The words as written (lower case, letters only), with how many documents use each: what a typo is corrected to.
    private readonly Dictionary<string, SurfaceWord> _surface = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, SurfaceWord[]> _documentSurface = [];
    private long _totalLength;

    private sealed class SurfaceWord(string word)
    {
        public string Word { get; } = word;

        public int Documents { get; set; }
    }

    public void Upsert(Guid id, string text)
    {
        var terms = Tokenize(text).ToArray();
        var surface = SurfaceWords(text).ToArray();
        _lock.EnterWriteLock();
        try
        {
            RemoveUnlocked(id);
            _documents[id] = terms;
            _documentSurface[id] = surface.Select(word =>
            {
                if (!_surface.TryGetValue(word, out var entry))
                {
                    _surface[word] = entry = new SurfaceWord(word);
                }
                entry.Documents++;
                return entry;
            }).ToArray();
            _totalLength += terms.Length;
            foreach (var term in terms)
            {
                if (!_postings.TryGetValue(term, out var postings))
                {
                    _postings[term] = postings = [];
                }
                postings[id] = postings.GetValueOrDefault(id) + 1;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(Guid id)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveUnlocked(id);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The best <paramref name="top"/> documents accepted by <paramref name="accept"/>, BM25 score descending.</summary>
    public IReadOnlyList<(Guid Id, double Score)> Search(string query, int top, Func<Guid, bool> accept) =>
        Search(query, top, accept, fuzzy: false);

    /// <summary>
    /// BM25 over the query's words, any of them (a document needs one matching word, not all). With
    /// <paramref name="fuzzy"/>, a query word the index does not know is replaced by the indexed words within one edit
    /// (two for words of eight letters or more), weighted by <see cref="FuzzyWeight"/>: "hedphones" finds "headphone";
    /// a word <paramref name="isKnownWord"/> accepts is a real word, not a typo, and is matched exactly only ("pilates"
    /// does not find "pirates").
    /// </summary>
    public IReadOnlyList<(Guid Id, double Score)> Search(string query, int top, Func<Guid, bool> accept, bool fuzzy, Func<string, bool>? isKnownWord = null) =>
        Search(query, top, [accept], fuzzy, isKnownWord)[0];

    /// <summary>
    /// The same ranking, scored once and cut by each of <paramref name="accepts"/> (one list per filter, in order): what
    /// the fused search needs to see the query's ranking both with and without the shopper's constraints.
    /// </summary>
    public IReadOnlyList<(Guid Id, double Score)>[] Search(string query, int top, Func<Guid, bool>[] accepts, bool fuzzy, Func<string, bool>? isKnownWord = null)
    {
        var terms = Tokenize(query).Distinct().ToArray();
        var exactOnly = isKnownWord is null
            ? []
            : WordPattern().Matches(query).Select(m => m.Value).Where(w => isKnownWord(w.ToLowerInvariant())).SelectMany(Tokenize).ToHashSet(StringComparer.Ordinal);
        var scores = new Dictionary<Guid, double>();
        _lock.EnterReadLock();
        try
        {
            if (_documents.Count == 0)
            {
                return accepts.Select(_ => (IReadOnlyList<(Guid, double)>)[]).ToArray();
            }
            var averageLength = (double)_totalLength / _documents.Count;
            foreach (var term in terms)
            {
                var matches = _postings.ContainsKey(term) || !fuzzy || exactOnly.Contains(term)
                    ? [(term, 1.0)]
                    : Neighbours(term).Select(n => (n, FuzzyWeight));
                foreach (var (match, weight) in matches)
                {
                    if (!_postings.TryGetValue(match, out var postings))
                    {
                        continue;
                    }
                    var idf = Math.Log(1 + (_documents.Count - postings.Count + 0.5) / (postings.Count + 0.5));
                    foreach (var (id, frequency) in postings)
                    {
                        var length = _documents[id].Length;
                        var score = weight * idf * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / averageLength));
                        scores[id] = scores.GetValueOrDefault(id) + score;
                    }
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var ordered = scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).ToList();
        return accepts.Select(accept => (IReadOnlyList<(Guid, double)>)ordered
            .Where(s => accept(s.Key))
            .Take(top)
            .Select(s => (s.Key, s.Value))
            .ToList()).ToArray();
    }

    /// <summary>How much a fuzzy match counts against an exact one.</summary>
    public const double FuzzyWeight = 0.8;

    /// <summary>
    /// The query with each word the index does not know (four letters or more) replaced by the most frequent indexed
    /// word within one edit (two from eight letters), so the embedding model sees "headphone" rather than "hedphones".
    /// Words it knows, words <paramref name="isKnownWord"/> accepts, and words with no close indexed word stay as typed.
    /// </summary>
    public string Correct(string query, Func<string, bool>? isKnownWord = null)
    {
        _lock.EnterReadLock();
        try
        {
            return WordPattern().Replace(query, m =>
            {
                var word = m.Value;
                var terms = Tokenize(word).ToArray();
                if (isKnownWord?.Invoke(word.ToLowerInvariant()) == true)
                {
                    return word;
                }
                if (terms.Length != 1 || terms[0].Length < 4 || terms[0].Any(char.IsDigit) || _postings.ContainsKey(terms[0]))
                {
                    return word;
                }
                var best = Neighbours(terms[0]).FirstOrDefault();
                return best ?? word;
            });
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The query with each word that is neither written in any product text nor an English word of
    /// <paramref name="knownWords"/> (four letters or more, letters only) replaced by its likeliest intended word: the
    /// closest by edit distance (one edit, two from eight letters; a swap of neighbours is one) among the catalog's words and
    /// the English words, preferring, at equal distance, one with the same first letter (typos rarely hit the first
    /// letter), then a word the catalog uses, then one of the shop's own words (<see cref="KnownWords.IsShopWord"/>:
    /// "sweatr" is "sweater", not "swear"), then an everyday word over a rare one (<see cref="KnownWords.IsCommon"/>), then
    /// the one more products use. "jgging" becomes "jogging" though no product
    /// says it; the word keeps its form ("hedphones" becomes "headphones", not the index's stem). A word typed in capitals
    /// among lower-case ones ("HIIT") is an abbreviation, not a typo, and is left alone.
    /// A rare word (not in <see cref="KnownWords.IsCommon"/>, not in the catalog) is only a correction one edit away.
    /// With <paramref name="contextual"/>, the query's other words may call for a second edit (words of six and seven
    /// letters): when the best one-edit candidate is a catalog word no product uses with any other word of the query, or
    /// there is none, a catalog word two edits away with the same first letter that some product uses with them wins
    /// ("sandles for the beach" → "sandals", not the one-edit "candles").
    /// </summary>
    public string Correct(string query, KnownWords knownWords, bool contextual = false)
    {
        var hasLowerCase = query.Any(char.IsLower);
        _lock.EnterReadLock();
        try
        {
            HashSet<Guid>? context = null;
            HashSet<Guid> Context()
            {
                // The products that use any word of the query the index knows as written (the typo itself matches nothing).
                return context ??= WordPattern().Matches(query).SelectMany(m => Tokenize(m.Value))
                    .SelectMany(t => _postings.TryGetValue(t, out var postings) ? postings.Keys : Enumerable.Empty<Guid>())
                    .ToHashSet();
            }
            bool Supported(string candidate) =>
                Tokenize(candidate).FirstOrDefault() is { } term && _postings.TryGetValue(term, out var postings)
                && postings.Keys.Any(Context().Contains);

            return WordPattern().Replace(query, m =>
            {
                var word = m.Value.ToLowerInvariant();
                if (word.Length < 4 || !word.All(char.IsLetter) || _surface.ContainsKey(word)
                    || Tokenize(word).All(_postings.ContainsKey) || (hasLowerCase && m.Value.All(char.IsUpper)))
                {
                    return m.Value;
                }
                if (knownWords.Contains(word))
                {
                    // A word known only as a name ("jens") may still be a typo of a catalog word the rest of the query goes
                    // with ("jeans for men"); an everyday word never is.
                    return contextual && knownWords.IsNameOnly(word)
                        ? _surface.Keys.Where(c => Math.Abs(c.Length - word.Length) <= 1 && c[0] == word[0] && Distance(word, c, 1) <= 1 && Supported(c))
                            .OrderByDescending(c => _surface[c].Documents).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault() ?? m.Value
                        : m.Value;
                }
                if (contextual && Split(word) is { } parts)
                {
                    return parts;
                }
                var budget = word.Length >= 8 ? 2 : 1;
                var best = default((string Word, int Distance, bool OtherFirst, bool NotInCatalog, bool NotShopWord, bool Rare, int Documents)?);
                // A catalog word two edits away that the rest of the query goes with (same first letter, from six letters).
                var second = default((string Word, int Distance, bool OtherFirst, bool NotInCatalog, bool NotShopWord, bool Rare, int Documents)?);
                // Without other words to go by (a one-word query) any catalog word may stand in for a rare one.
                var alone = Context().Count == 0;
                var tryContext = contextual && budget == 1 && word.Length >= 6;
                void Consider(string candidate, bool inCatalog, int documents)
                {
                    var distance = Distance(word, candidate, tryContext && inCatalog ? 2 : budget);
                    var rare = !inCatalog && !knownWords.IsCommon(candidate);
                    var ranked = (candidate, distance, candidate[0] != word[0], !inCatalog, !inCatalog && !knownWords.IsShopWord(candidate), rare, documents);
                    if (distance <= budget && !(distance > 1 && rare))
                    {
                        if (best is not { } b || Better(ranked, b))
                        {
                            best = ranked;
                        }
                    }
                    else if (distance == 2 && tryContext && inCatalog && candidate[0] == word[0] && (alone || Supported(candidate))
                        && (second is not { } s || Better(ranked, s)))
                    {
                        second = ranked;
                    }
                }
                var reach = tryContext ? 2 : budget;
                foreach (var (candidate, entry) in _surface)
                {
                    if (Math.Abs(candidate.Length - word.Length) <= reach)
                    {
                        Consider(candidate, true, entry.Documents);
                    }
                }
                foreach (var candidate in knownWords.OfLength(word.Length - budget, word.Length + budget))
                {
                    if (!_surface.ContainsKey(candidate))
                    {
                        Consider(candidate, false, 0);
                    }
                }
                // The one-edit word stands unless it is a catalog word no product uses with the rest of the query, a rare
                // word no product uses at all (or there is none) and a two-edit one is: "sandles for the beach" is
                // "sandals", not "candles"; "dumbels" is "dumbbells", not the botanist's "umbels".
                if (second is { } two && (best is not { } one || one.Rare || (!alone && !one.NotInCatalog && !Supported(one.Word))))
                {
                    return two.Word;
                }
                return best?.Word ?? m.Value;
            });
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Two words typed without the space between them ("fryingpan", "sleepingbag"), when both halves (three letters or
    /// more) are catalog words and some product uses them together: the split that most products use, or null.
    /// </summary>
    private string? Split(string word)
    {
        if (word.Length < 6)
        {
            return null;
        }
        var best = default((string Text, int Documents)?);
        for (var at = 3; at <= word.Length - 3; at++)
        {
            var (left, right) = (word[..at], word[at..]);
            if (!_surface.ContainsKey(left) || !_surface.ContainsKey(right)
                || Tokenize(left).FirstOrDefault() is not { } l || Tokenize(right).FirstOrDefault() is not { } r
                || !_postings.TryGetValue(l, out var withLeft) || !_postings.TryGetValue(r, out var withRight))
            {
                continue;
            }
            var together = withLeft.Keys.Count(withRight.ContainsKey);
            if (together > 0 && (best is not { } b || together > b.Documents))
            {
                best = ($"{left} {right}", together);
            }
        }
        return best?.Text;
    }

    private static bool Better(
        (string Word, int Distance, bool OtherFirst, bool NotInCatalog, bool NotShopWord, bool Rare, int Documents) a,
        (string Word, int Distance, bool OtherFirst, bool NotInCatalog, bool NotShopWord, bool Rare, int Documents) b) =>
        (a.Distance, a.OtherFirst, a.NotInCatalog, a.NotShopWord, a.Rare, -a.Documents).CompareTo((b.Distance, b.OtherFirst, b.NotInCatalog, b.NotShopWord, b.Rare, -b.Documents)) is var c
        && (c < 0 || (c == 0 && string.CompareOrdinal(a.Word, b.Word) < 0));

    /// <summary>The lower-case, letters-only words of three letters or more in <paramref name="text"/>, each once.</summary>
    private static IEnumerable<string> SurfaceWords(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3 && w.All(char.IsLetter)).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Whether any word of the query means something here: an indexed word, a word within the edit budget of one, or a
    /// word <paramref name="isKnownWord"/> accepts. "xqzvbnm" or a pasted id does not, and is answered with nothing
    /// rather than with the least unlike products.
    /// </summary>
    public bool Recognises(string query, Func<string, bool> isKnownWord)
    {
        _lock.EnterReadLock();
        try
        {
            return WordPattern().Matches(query).Any(m =>
                isKnownWord(m.Value.ToLowerInvariant())
                || Tokenize(m.Value).Any(term => _postings.ContainsKey(term) || (!term.Any(char.IsDigit) && Neighbours(term).Any())));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The products a query names: those whose text has every query word that is no English word (<paramref name="isKnownWord"/>)
    /// and is in at most <paramref name="maxDocuments"/> product texts: a model name, a code, a coined name ("Zephyr",
    /// "XT-500", a SKU). Empty when the query has no such word or no product has them all. A shopper who types a word only
    /// a product or two use means those products, however little the rest of the query resembles them.
    /// </summary>
    public IReadOnlyList<Guid> Named(string query, Func<string, bool> isKnownWord, int maxDocuments)
    {
        if (maxDocuments <= 0)
        {
            return [];
        }
        _lock.EnterReadLock();
        try
        {
            HashSet<Guid>? named = null;
            foreach (var word in WordPattern().Matches(query).Select(m => m.Value.ToLowerInvariant()).Where(w => !isKnownWord(w)))
            {
                foreach (var term in Tokenize(word))
                {
                    if (term.Length >= 3 && _postings.TryGetValue(term, out var postings) && postings.Count <= maxDocuments)
                    {
                        named ??= [.. postings.Keys];
                        named.IntersectWith(postings.Keys);
                    }
                }
            }
            return named is null ? [] : [.. named];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Indexed words within the edit budget of <paramref name="term"/>, closest then most frequent first (read lock held).</summary>
    private IEnumerable<string> Neighbours(string term)
    {
        if (term.Length < 4)
        {
            return [];
        }
        var budget = term.Length >= 8 ? 2 : 1;
        var found = new List<(string Term, int Distance, int Documents)>();
        foreach (var (candidate, postings) in _postings)
        {
            if (Math.Abs(candidate.Length - term.Length) > budget || candidate.Length < 3)
            {
                continue;
            }
            var distance = Distance(term, candidate, budget);
            if (distance <= budget)
            {
                found.Add((candidate, distance, postings.Count));
            }
        }
        return found.OrderBy(f => f.Distance).ThenByDescending(f => f.Documents).ThenBy(f => f.Term, StringComparer.Ordinal)
            .Take(3).Select(f => f.Term);
    }

    /// <summary>Optimal string alignment distance (a transposition is one edit), stopping early once over <paramref name="budget"/>.</summary>
    private static int Distance(string a, string b, int budget)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > budget)
            {
                return budget + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    private void RemoveUnlocked(Guid id)
    {
        if (_documentSurface.Remove(id, out var surface))
        {
            foreach (var entry in surface)
            {
                if (--entry.Documents == 0)
                {
                    _surface.Remove(entry.Word);
                }
            }
        }
        if (!_documents.Remove(id, out var terms))
        {
            return;
        }
        _totalLength -= terms.Length;
        foreach (var term in terms.Distinct())
        {
            if (_postings.TryGetValue(term, out var postings) && postings.Remove(id) && postings.Count == 0)
            {
                _postings.Remove(term);
            }
        }
    }

    /// <summary>Lower-case words without accents or stop words, with a light plural strip ("boots" → "boot").</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        foreach (var c in normalized.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (word.Length > 0)
            {
                var token = Stem(word.ToString());
                word.Clear();
                if (!StopWords.Contains(token))
                {
                    yield return token;
                }
            }
        }
    }

    private static string Stem(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 4 && (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)) ? word[..^2]
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;
}
