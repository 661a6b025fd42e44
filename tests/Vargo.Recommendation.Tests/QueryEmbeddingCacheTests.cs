using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class QueryEmbeddingCacheTests
{
    private static readonly MiniLmEmbeddingGenerator MiniLm = new();

    [Fact]
    public async Task A_repeated_query_is_embedded_once_and_gets_the_same_vector()
    {
        var embedder = new CountingEmbedder(MiniLm);
        using var cache = new QueryEmbeddingCache(embedder);

        var first = await cache.GetAsync("waterproof hiking boots", CancellationToken.None);
        var again = await cache.GetAsync("  waterproof   hiking boots ", CancellationToken.None);
        var other = await cache.GetAsync("frying pan", CancellationToken.None);

        Assert.Equal(2, embedder.Embedded);
        Assert.Equal(first.ToArray(), again.ToArray());
        Assert.NotEqual(first.ToArray(), other.ToArray());
    }

    [Fact]
    public async Task With_no_capacity_every_query_is_embedded()
    {
        var embedder = new CountingEmbedder(MiniLm);
        using var cache = new QueryEmbeddingCache(embedder, capacity: 0);

        await cache.GetAsync("tent", CancellationToken.None);
        await cache.GetAsync("tent", CancellationToken.None);

        Assert.Equal(2, embedder.Embedded);
    }
}
