using Vargo.Recommendation.VectorSearch;

namespace Vargo.Bench.Recommendation;

/// <summary>
/// The two models' vectors kept apart (the first <c>half</c> components of a concatenated vector are MiniLM's, the rest
/// Arctic's, as <see cref="EnsembleEmbeddingGenerator"/> makes them), each model scanned on its own and its matches cut
/// at that model's own cosine threshold, then the two rankings combined: by reciprocal rank,
/// w / (k + rank₁) + (1 − w) / (k + rank₂) ("rrf"), or by w · cos₁ + (1 − w) · cos₂ over the products both kept ("sum").
/// Per-model thresholds are what the single concatenated scan cannot do: a query of stop words alone scores high on
/// Arctic for every product and must still come back empty. Only for the bench's comparison (round 4).
/// </summary>
internal sealed class TwoModelVectorStore(int half, string mode, double firstWeight, int k, float firstMin, float secondMin) : IProductVectorStore
{
    private readonly InProcessVectorStore _first = new(half);
    private readonly InProcessVectorStore _second = new(half);

    public string Kind => $"two-model {mode}";

    public async Task UpsertAsync(IReadOnlyCollection<ProductVector> vectors, CancellationToken cancellationToken = default)
    {
        await _first.UpsertAsync(vectors.Select(v => v with { Vector = v.Vector[..half] }).ToList(), cancellationToken);
        await _second.UpsertAsync(vectors.Select(v => v with { Vector = v.Vector[half..] }).ToList(), cancellationToken);
    }

    public async Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        await _first.DeleteAsync(productId, cancellationToken);
        await _second.DeleteAsync(productId, cancellationToken);
    }

    public async Task<IReadOnlyList<VectorMatch>> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        var first = (await _first.SearchAsync(query with { Vector = query.Vector[..half], Top = query.Top * 2 }, cancellationToken)).Where(m => m.Score >= firstMin).ToList();
        var second = (await _second.SearchAsync(query with { Vector = query.Vector[half..], Top = query.Top * 2 }, cancellationToken)).Where(m => m.Score >= secondMin).ToList();
        var scores = new Dictionary<Guid, double>();
        if (mode == "rrf")
        {
            for (var rank = 0; rank < first.Count; rank++)
            {
                scores[first[rank].ProductId] = firstWeight / (k + rank + 1);
            }
            for (var rank = 0; rank < second.Count; rank++)
            {
                scores[second[rank].ProductId] = scores.GetValueOrDefault(second[rank].ProductId) + (1 - firstWeight) / (k + rank + 1);
            }
        }
        else
        {
            // The sum needs both cosines: a product one model did not keep has none from it.
            var secondScores = second.ToDictionary(m => m.ProductId, m => m.Score);
            foreach (var m in first)
            {
                if (secondScores.TryGetValue(m.ProductId, out var other))
                {
                    scores[m.ProductId] = firstWeight * m.Score + (1 - firstWeight) * other;
                }
            }
        }
        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(query.Top)
            .Select(s => new VectorMatch(s.Key, (float)s.Value)).ToList();
    }

    public async Task<ReadOnlyMemory<float>?> GetVectorAsync(Guid productId, CancellationToken cancellationToken = default) =>
        await _first.GetVectorAsync(productId, cancellationToken) is { } a && await _second.GetVectorAsync(productId, cancellationToken) is { } b
            ? a.ToArray().Concat(b.ToArray()).ToArray()
            : null;

    public Task<int> CountAsync(CancellationToken cancellationToken = default) => _first.CountAsync(cancellationToken);
}
