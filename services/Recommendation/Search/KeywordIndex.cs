using System.Globalization;
using System.Text;

namespace Vargo.Recommendation.Search;

/// <summary>
/// BM25 full-text ranking over the same product texts the vectors are made from, kept in process beside the vector index.
/// It is the keyword half of blended search and the full-text baseline the benchmark compares semantic search with.
/// </summary>
public sealed class KeywordIndex
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
    private long _totalLength;

    public void Upsert(Guid id, string text)
    {
        var terms = Tokenize(text).ToArray();
        _lock.EnterWriteLock();
        try
        {
            RemoveUnlocked(id);
            _documents[id] = terms;
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
    public IReadOnlyList<(Guid Id, double Score)> Search(string query, int top, Func<Guid, bool> accept)
    {
        var terms = Tokenize(query).Distinct().ToArray();
        var scores = new Dictionary<Guid, double>();
        _lock.EnterReadLock();
        try
        {
            if (_documents.Count == 0)
            {
                return [];
            }
            var averageLength = (double)_totalLength / _documents.Count;
            foreach (var term in terms)
            {
                if (!_postings.TryGetValue(term, out var postings))
                {
                    continue;
                }
                var idf = Math.Log(1 + (_documents.Count - postings.Count + 0.5) / (postings.Count + 0.5));
                foreach (var (id, frequency) in postings)
                {
                    var length = _documents[id].Length;
                    var score = idf * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / averageLength));
                    scores[id] = scores.GetValueOrDefault(id) + score;
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return scores
            .Where(s => accept(s.Key))
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.Key)
            .Take(top)
            .Select(s => (s.Key, s.Value))
            .ToList();
    }

    private void RemoveUnlocked(Guid id)
    {
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
