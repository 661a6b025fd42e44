using System.Numerics.Tensors;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// What every <see cref="IProductVectorStore"/> must do. Each store's test class declares one fact per check
/// (so a store that is not available here can be skipped with its reason).
/// </summary>
public abstract class VectorStoreContract
{
    private const int Dimensions = 384;

    protected abstract Task<IProductVectorStore> CreateStoreAsync(int dimensions);

    protected async Task Upserted_vector_is_found_first_with_cosine_one()
    {
        var store = await CreateStoreAsync(Dimensions);
        var random = new Random(1);
        var vectors = Enumerable.Range(0, 20).Select(_ => RandomVector(random)).ToArray();
        var items = vectors.Select((v, i) => new ProductVector(Guid.NewGuid(), "footwear/boots", 10 + i, v)).ToArray();
        await store.UpsertAsync(items);

        var matches = await store.SearchAsync(new VectorQuery(vectors[7], 3));

        Assert.Equal(20, await store.CountAsync());
        Assert.Equal(items[7].ProductId, matches[0].ProductId);
        Assert.Equal(1f, matches[0].Score, 3);
        Assert.Equal(3, matches.Count);
        Assert.True(matches[0].Score >= matches[1].Score && matches[1].Score >= matches[2].Score);
    }

    protected async Task Update_replaces_vector_and_filter_fields()
    {
        var store = await CreateStoreAsync(Dimensions);
        var random = new Random(2);
        var id = Guid.NewGuid();
        var before = RandomVector(random);
        var after = RandomVector(random);
        await store.UpsertAsync([new ProductVector(id, "kitchen/frying-pans", 40m, before)]);
        await store.UpsertAsync([new ProductVector(Guid.NewGuid(), "kitchen/frying-pans", 40m, RandomVector(random))]);

        await store.UpsertAsync([new ProductVector(id, "outdoor/tents", 200m, after)]);

        Assert.Equal(2, await store.CountAsync());
        var stored = (await store.GetVectorAsync(id))!.Value;
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(after, stored.Span), 3);
        Assert.Equal(id, (await store.SearchAsync(new VectorQuery(after, 1)))[0].ProductId);
        Assert.DoesNotContain(await store.SearchAsync(new VectorQuery(after, 5, CategoryPath: "kitchen")), m => m.ProductId == id);
        Assert.Contains(await store.SearchAsync(new VectorQuery(after, 5, CategoryPath: "outdoor", MinPrice: 150m)), m => m.ProductId == id);
    }

    protected async Task Delete_removes_the_vector()
    {
        var store = await CreateStoreAsync(Dimensions);
        var random = new Random(3);
        var kept = new ProductVector(Guid.NewGuid(), "books/fantasy", 12m, RandomVector(random));
        var deleted = new ProductVector(Guid.NewGuid(), "books/fantasy", 12m, RandomVector(random));
        await store.UpsertAsync([kept, deleted]);

        await store.DeleteAsync(deleted.ProductId);
        await store.DeleteAsync(Guid.NewGuid());

        Assert.Equal(1, await store.CountAsync());
        Assert.Null(await store.GetVectorAsync(deleted.ProductId));
        var matches = await store.SearchAsync(new VectorQuery(deleted.Vector, 10));
        Assert.Equal([kept.ProductId], matches.Select(m => m.ProductId));
    }

    protected async Task Filters_by_category_subtree_price_range_and_exclusions()
    {
        var store = await CreateStoreAsync(Dimensions);
        var random = new Random(4);
        var query = RandomVector(random);
        var boots = new ProductVector(Guid.NewGuid(), "footwear/boots", 149.99m, Near(query, random));
        var dearBoots = new ProductVector(Guid.NewGuid(), "footwear/boots", 150.01m, Near(query, random));
        var sandals = new ProductVector(Guid.NewGuid(), "footwear/sandals", 30m, Near(query, random));
        var footwearish = new ProductVector(Guid.NewGuid(), "footwear-care/polish", 5m, Near(query, random));
        var pan = new ProductVector(Guid.NewGuid(), "kitchen/frying-pans", 50m, Near(query, random));
        await store.UpsertAsync([boots, dearBoots, sandals, footwearish, pan]);

        var footwear = await store.SearchAsync(new VectorQuery(query, 10, CategoryPath: "footwear"));
        var cheapBoots = await store.SearchAsync(new VectorQuery(query, 10, CategoryPath: "footwear/boots", MaxPrice: 150m));
        var band = await store.SearchAsync(new VectorQuery(query, 10, MinPrice: 30m, MaxPrice: 149.99m));
        var excluded = await store.SearchAsync(new VectorQuery(query, 10, Exclude: new HashSet<Guid> { boots.ProductId, pan.ProductId }));

        Assert.Equal(Ids(boots, dearBoots, sandals), footwear.Select(m => m.ProductId).Order());
        Assert.Equal([boots.ProductId], cheapBoots.Select(m => m.ProductId));
        Assert.Equal(Ids(boots, sandals, pan), band.Select(m => m.ProductId).Order());
        Assert.Equal(Ids(dearBoots, sandals, footwearish), excluded.Select(m => m.ProductId).Order());
    }

    protected async Task Top_k_agrees_with_brute_force_on_random_data()
    {
        var store = await CreateStoreAsync(Dimensions);
        var random = new Random(5);
        string[] categories = ["a/x", "a/y", "b/z"];
        var items = Enumerable.Range(0, 600)
            .Select(i => new ProductVector(Guid.NewGuid(), categories[i % 3], random.Next(1, 500), RandomVector(random)))
            .ToArray();
        foreach (var chunk in items.Chunk(100))
        {
            await store.UpsertAsync(chunk);
        }

        for (var q = 0; q < 15; q++)
        {
            var query = new VectorQuery(
                RandomVector(random), 10,
                CategoryPath: q % 3 == 0 ? "a" : null,
                MinPrice: q % 5 == 0 ? 100m : null,
                MaxPrice: q % 4 == 0 ? 400m : null);

            var expected = items
                .Where(i => query.Matches(i.ProductId, i.CategoryPath, i.Price))
                .Select(i => (i.ProductId, Score: TensorPrimitives.CosineSimilarity(query.Vector.Span, i.Vector.Span)))
                .OrderByDescending(i => i.Score)
                .Take(10)
                .ToArray();
            var actual = await store.SearchAsync(query);

            Assert.Equal(expected.Select(e => e.ProductId), actual.Select(a => a.ProductId));
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 3);
            }
        }
    }

    protected async Task Rejects_vectors_of_another_dimension()
    {
        var store = await CreateStoreAsync(Dimensions);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.UpsertAsync([new ProductVector(Guid.NewGuid(), "a", 1m, new float[Dimensions + 1])]));
    }

    private static Guid[] Ids(params ProductVector[] vectors) => vectors.Select(v => v.ProductId).Order().ToArray();

    private static float[] RandomVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private static float[] Near(float[] vector, Random random)
    {
        var noise = RandomVector(random);
        var near = new float[vector.Length];
        TensorPrimitives.MultiplyAdd(noise, 0.3f, vector, near);
        TensorPrimitives.Divide(near, TensorPrimitives.Norm(near), near);
        return near;
    }
}
