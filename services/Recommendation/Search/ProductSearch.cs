using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Search;

public enum SearchMode
{
    Semantic,
    FullText,
    Blended,
}

public sealed record SearchFilters(string? CategoryPath = null, decimal? MinPrice = null, decimal? MaxPrice = null);

/// <summary>
/// Product search by meaning (query embedding → nearest product vectors), by keywords (BM25), or both fused with
/// reciprocal rank fusion, which needs no score calibration between the two rankings.
/// </summary>
public sealed class ProductSearch(ProductDirectory directory, QueryEmbeddingCache queryEmbeddings)
{
    private const int FusionK = 60;
    private const int FusionDepth = 50;

    public async Task<IReadOnlyList<ProductSuggestion>> SearchAsync(
        string query, SearchMode mode, SearchFilters filters, int top, CancellationToken cancellationToken = default) =>
        mode switch
        {
            SearchMode.Semantic => await SemanticAsync(query, filters, top, cancellationToken),
            SearchMode.FullText => FullText(query, filters, top),
            _ => await BlendedAsync(query, filters, top, cancellationToken),
        };

    public async Task<IReadOnlyList<ProductSuggestion>> SemanticAsync(string query, SearchFilters filters, int top, CancellationToken cancellationToken)
    {
        var vector = await queryEmbeddings.GetAsync(query, cancellationToken);
        var matches = await directory.Vectors.SearchAsync(
            new VectorQuery(vector, top, filters.CategoryPath, filters.MinPrice, filters.MaxPrice), cancellationToken);
        return Resolve(matches.Select(m => (m.ProductId, (double)m.Score)));
    }

    public IReadOnlyList<ProductSuggestion> FullText(string query, SearchFilters filters, int top)
    {
        var accept = Filter(filters);
        return Resolve(directory.Keywords.Search(query, top, accept));
    }

    public async Task<IReadOnlyList<ProductSuggestion>> BlendedAsync(string query, SearchFilters filters, int top, CancellationToken cancellationToken)
    {
        var depth = Math.Max(top, FusionDepth);
        var semantic = await SemanticAsync(query, filters, depth, cancellationToken);
        var keyword = FullText(query, filters, depth);

        var fused = new Dictionary<Guid, double>();
        for (var rank = 0; rank < semantic.Count; rank++)
        {
            fused[semantic[rank].ProductId] = fused.GetValueOrDefault(semantic[rank].ProductId) + 1.0 / (FusionK + rank + 1);
        }
        for (var rank = 0; rank < keyword.Count; rank++)
        {
            fused[keyword[rank].ProductId] = fused.GetValueOrDefault(keyword[rank].ProductId) + 1.0 / (FusionK + rank + 1);
        }
        return Resolve(fused.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Take(top).Select(f => (f.Key, f.Value)));
    }

    private Func<Guid, bool> Filter(SearchFilters filters)
    {
        var filter = new VectorQuery(ReadOnlyMemory<float>.Empty, 1, filters.CategoryPath, filters.MinPrice, filters.MaxPrice);
        return id => directory.Find(id) is { } product && filter.Matches(product.ProductId, product.CategoryPath, product.Price);
    }

    private List<ProductSuggestion> Resolve(IEnumerable<(Guid Id, double Score)> ranked) =>
        ranked
            .Select(r => directory.Find(r.Id) is { } product ? ProductSuggestion.Of(product, r.Score) : null)
            .OfType<ProductSuggestion>()
            .ToList();
}
