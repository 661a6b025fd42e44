namespace Vargo.Recommendation.Search;

/// <summary>
/// The keyword half of <see cref="ShopSearch"/>: a relevance ranking over the product texts in which any of the query's
/// words may match. <see cref="KeywordIndex"/> is the service's; the benchmark measures Lucene.Net's through the same seam.
/// </summary>
public interface IKeywordRanking
{
    /// <summary>
    /// The query's ranking, scored once and cut by each of <paramref name="accepts"/> (one list per filter, in order), each
    /// at most <paramref name="top"/> (product id, score), best first. With <paramref name="fuzzy"/>, a query word no product
    /// text has is matched to the indexed words within one edit (two from eight letters); a word
    /// <paramref name="isKnownWord"/> accepts is a real word, not a typo, and is matched exactly only.
    /// </summary>
    IReadOnlyList<(Guid Id, double Score)>[] Search(string query, int top, Func<Guid, bool>[] accepts, bool fuzzy, Func<string, bool>? isKnownWord = null);
}
