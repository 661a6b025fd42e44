using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Vargo.Bench.Recommendation;

/// <summary>
/// Two models' vectors as one: [√w · first, √(1−w) · second], each part L2-normalised first. For two such vectors the dot
/// product is w · cos(first) + (1 − w) · cos(second) and the result stays unit length, so one vector scan ranks by the
/// weighted sum of the two models' cosines and a cosine threshold keeps its meaning. It sits behind the same
/// IEmbeddingGenerator seam: the search neither knows nor cares that two models made the vector.
/// </summary>
internal sealed class EnsembleEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> first, IEmbeddingGenerator<string, Embedding<float>> second, double firstWeight)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        var a = await first.GenerateAsync(texts, cancellationToken: cancellationToken);
        var b = await second.GenerateAsync(texts, cancellationToken: cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            result.Add(new Embedding<float>(Combine(a[i].Vector.Span, b[i].Vector.Span, firstWeight)));
        }
        return result;
    }

    /// <summary>The weighted concatenation of two vectors (each normalised here).</summary>
    public static float[] Combine(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double firstWeight)
    {
        var combined = new float[a.Length + b.Length];
        var wa = (float)Math.Sqrt(firstWeight) / Math.Max(TensorPrimitives.Norm(a), 1e-12f);
        var wb = (float)Math.Sqrt(1 - firstWeight) / Math.Max(TensorPrimitives.Norm(b), 1e-12f);
        TensorPrimitives.Multiply(a, wa, combined.AsSpan(0, a.Length));
        TensorPrimitives.Multiply(b, wb, combined.AsSpan(a.Length));
        return combined;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    // The two generators belong to the caller.
    public void Dispose()
    {
    }
}
