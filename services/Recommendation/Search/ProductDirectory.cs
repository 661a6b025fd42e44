using System.Collections.Concurrent;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Search;

/// <summary>
/// The active products this instance can recommend: their summaries, their keyword index and their vectors in the
/// <see cref="IProductVectorStore"/>. Every change to a product goes through <see cref="ApplyAsync"/> so the three agree.
/// </summary>
public sealed class ProductDirectory(IProductVectorStore vectors)
{
    private readonly ConcurrentDictionary<Guid, ProductSummary> _products = new();

    public KeywordIndex Keywords { get; } = new();

    public IProductVectorStore Vectors => vectors;

    public int Count => _products.Count;

    public bool IsLoaded { get; private set; }

    public ProductSummary? Find(Guid productId) => _products.GetValueOrDefault(productId);

    public IEnumerable<ProductSummary> All => _products.Values;

    /// <summary>Adds, refreshes or removes each record as its status and vector say (inactive or vector-less: removed).</summary>
    public async Task ApplyAsync(IReadOnlyCollection<ProductRecord> records, string currentModel, CancellationToken cancellationToken)
    {
        var upserts = new List<ProductVector>(records.Count);
        foreach (var record in records)
        {
            if (record.IsActive && record.Embedding is not null && record.EmbeddingModel == currentModel)
            {
                upserts.Add(new ProductVector(record.Id, record.CategoryPath, record.Price, record.Embedding));
                _products[record.Id] = ProductSummary.From(record);
                Keywords.Upsert(record.Id, record.Text);
            }
            else
            {
                await vectors.DeleteAsync(record.Id, cancellationToken);
                _products.TryRemove(record.Id, out _);
                Keywords.Remove(record.Id);
            }
        }
        if (upserts.Count > 0)
        {
            await vectors.UpsertAsync(upserts, cancellationToken);
        }
    }

    public void MarkLoaded() => IsLoaded = true;
}
