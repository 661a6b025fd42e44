using Microsoft.Extensions.AI;

namespace Vargo.Recommendation.Tests;

/// <summary>Counts the texts embedded through it (tests only).</summary>
public sealed class CountingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private int _embedded;

    public int Embedded => _embedded;

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        Interlocked.Add(ref _embedded, list.Count);
        return base.GenerateAsync(list, options, cancellationToken);
    }
}
