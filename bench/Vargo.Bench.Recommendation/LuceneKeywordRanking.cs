using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Vargo.Recommendation.Search;

namespace Vargo.Bench.Recommendation;

/// <summary>
/// Lucene.Net's BM25 (k1 1.2, b 0.75, its defaults and <see cref="KeywordIndex"/>'s) over the same product texts, as the
/// keyword half of <see cref="ShopSearch"/>: what the issue offered instead of a ranking of our own. Lucene's
/// <see cref="EnglishAnalyzer"/> (standard tokenizer, English stop words, possessives, Porter stemming), every query
/// term a SHOULD clause (any word may match), and a word no product text has matched by Lucene's
/// <see cref="FuzzyQuery"/> within one edit (two from eight letters), weighted as <see cref="KeywordIndex.FuzzyWeight"/>.
/// Only the benchmark uses it (docs/benchmarks.md, "Lucene.Net as the keyword half").
/// </summary>
public sealed class LuceneKeywordRanking : IKeywordRanking, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string TextField = "text";

    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Guid[] _ids;

    public LuceneKeywordRanking(IEnumerable<(Guid Id, string Text)> documents)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE };
        var ids = new List<Guid>();
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var (id, text) in documents)
            {
                // Documents are numbered in the order they are added, and one writer without deletions keeps that order.
                writer.AddDocument([new TextField(TextField, text, Field.Store.NO)]);
                ids.Add(id);
            }
            writer.ForceMerge(1);
        }
        _ids = [.. ids];
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public IReadOnlyList<(Guid Id, double Score)>[] Search(string query, int top, Func<Guid, bool>[] accepts, bool fuzzy, Func<string, bool>? isKnownWord = null)
    {
        var boolean = new BooleanQuery();
        foreach (var (term, word) in Terms(query).DistinctBy(t => t.Term))
        {
            var indexed = new Term(TextField, term);
            var exact = _reader.DocFreq(indexed) > 0 || !fuzzy || (isKnownWord?.Invoke(word) ?? false);
            boolean.Add(exact ? new TermQuery(indexed) : new FuzzyQuery(indexed, term.Length >= 8 ? 2 : 1) { Boost = (float)KeywordIndex.FuzzyWeight }, Occur.SHOULD);
        }
        if (boolean.Clauses.Count == 0)
        {
            return accepts.Select(_ => (IReadOnlyList<(Guid, double)>)[]).ToArray();
        }
        // Every hit, as KeywordIndex scores every match: the filters (price, colour, size) cut the list afterwards.
        var hits = new AllHits();
        _searcher.Search(boolean, hits);
        var ordered = hits.Found.OrderByDescending(h => h.Score).ThenBy(h => _ids[h.Doc]).Select(h => (Id: _ids[h.Doc], Score: (double)h.Score)).ToList();
        return accepts.Select(accept => (IReadOnlyList<(Guid, double)>)ordered.Where(h => accept(h.Id)).Take(top).ToList()).ToArray();
    }

    /// <summary>The query's terms as the analyzer indexes them, each with the word it came from (lower case).</summary>
    private List<(string Term, string Word)> Terms(string text)
    {
        var terms = new List<(string, string)>();
        using var stream = _analyzer.GetTokenStream(TextField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add((term.ToString(), text[offset.StartOffset..offset.EndOffset].ToLowerInvariant()));
        }
        stream.End();
        return terms;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private sealed class AllHits : ICollector
    {
        private Scorer? _scorer;
        private int _docBase;

        public List<(int Doc, float Score)> Found { get; } = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc) => Found.Add((_docBase + doc, _scorer!.GetScore()));
    }
}
