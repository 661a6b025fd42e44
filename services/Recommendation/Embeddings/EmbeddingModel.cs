using Microsoft.Extensions.AI;

namespace Vargo.Recommendation.Embeddings;

/// <summary>
/// Which model made a vector: stored with every vector so that vectors of two models are never compared.
/// <see cref="Name"/> is "provider/model".
/// </summary>
public sealed record EmbeddingModel(string Name, int Dimensions)
{
    public static EmbeddingModel Of(IEmbeddingGenerator<string, Embedding<float>> generator, int dimensions)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return new EmbeddingModel($"{metadata?.ProviderName ?? "unknown"}/{metadata?.DefaultModelId ?? "unknown"}", dimensions);
    }
}
