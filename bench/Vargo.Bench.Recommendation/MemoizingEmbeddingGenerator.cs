using Microsoft.Extensions.AI;

namespace Vargo.Bench.Recommendation;

/// <summary>
/// Remembers every text's vector, unbounded: so the bench's grids, which search the same development queries under many
/// settings, embed each query once per model. Not for latency measurements (those must pay for the model).
/// </summary>
internal sealed class MemoizingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Dictionary<string, Embedding<float>> _memory = new(StringComparer.Ordinal);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        var missing = texts.Where(t => !_memory.ContainsKey(t)).Distinct().ToArray();
        if (missing.Length > 0)
        {
            var generated = await inner.GenerateAsync(missing, options, cancellationToken);
            for (var i = 0; i < missing.Length; i++)
            {
                _memory[missing[i]] = generated[i];
            }
        }
        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => _memory[t]));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    // The inner generator belongs to the caller.
    public void Dispose()
    {
    }
}
