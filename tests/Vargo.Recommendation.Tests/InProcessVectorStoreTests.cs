using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Tests;

public sealed class InProcessVectorStoreTests : VectorStoreContract
{
    protected override Task<IProductVectorStore> CreateStoreAsync(int dimensions) =>
        Task.FromResult<IProductVectorStore>(new InProcessVectorStore(dimensions));

    [Fact] public Task Upserted_vector_is_found_first() => Upserted_vector_is_found_first_with_cosine_one();
    [Fact] public Task Update_replaces() => Update_replaces_vector_and_filter_fields();
    [Fact] public Task Delete_removes() => Delete_removes_the_vector();
    [Fact] public Task Filters_apply() => Filters_by_category_subtree_price_range_and_exclusions();
    [Fact] public Task Agrees_with_brute_force() => Top_k_agrees_with_brute_force_on_random_data();
    [Fact] public Task Rejects_other_dimensions() => Rejects_vectors_of_another_dimension();

    [Fact]
    public async Task Delete_keeps_the_other_rows_searchable_after_compaction()
    {
        var store = new InProcessVectorStore(2);
        var a = new ProductVector(Guid.NewGuid(), "c", 1m, new float[] { 1, 0 });
        var b = new ProductVector(Guid.NewGuid(), "c", 1m, new float[] { 0, 1 });
        var c = new ProductVector(Guid.NewGuid(), "c", 1m, new float[] { -1, 0 });
        await store.UpsertAsync([a, b, c], TestContext.Current.CancellationToken);

        await store.DeleteAsync(a.ProductId, TestContext.Current.CancellationToken);

        Assert.Equal(c.ProductId, (await store.SearchAsync(new VectorQuery(new float[] { -1, 0 }, 1), TestContext.Current.CancellationToken))[0].ProductId);
        Assert.Equal(b.ProductId, (await store.SearchAsync(new VectorQuery(new float[] { 0, 1 }, 1), TestContext.Current.CancellationToken))[0].ProductId);
    }
}
