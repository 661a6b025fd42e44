namespace Vargo.Recommendation.VectorSearch;

/// <summary>
/// Where product vectors are searched: <see cref="InProcessVectorStore"/> (SIMD cosine over the vectors PostgreSQL stores;
/// what runs without pgvector) or <see cref="PgvectorStore"/> (HNSW in PostgreSQL when the server has the extension).
/// Both pass the same contract tests.
/// </summary>
public interface IProductVectorStore
{
    string Kind { get; }

    Task UpsertAsync(IReadOnlyCollection<ProductVector> vectors, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VectorMatch>> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default);

    Task<ReadOnlyMemory<float>?> GetVectorAsync(Guid productId, CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
