using Vargo.Recommendation.Data;
using Vargo.Recommendation.Search;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Tests;

public sealed class ProductDirectoryTests
{
    [Theory]
    [InlineData("a dress for casual fridays", true)]
    [InlineData("summer dresses", true)]
    [InlineData("wireless mouse for gaming", true)]
    [InlineData("winter boots for the school run", true)]
    [InlineData("something for hiit classes", false)]
    [InlineData("", false)]
    public async Task A_query_names_a_kind_when_a_word_of_it_ends_a_category_slug_singular_or_plural(string query, bool names)
    {
        var directory = new ProductDirectory(new InProcessVectorStore(2));
        await directory.ApplyAsync(
            [Product("apparel/womens/womens-dresses"), Product("electronics/computers/mice"), Product("footwear/casual/boots")],
            "test-model", TestContext.Current.CancellationToken);

        Assert.Equal(names, directory.NamesAKind(query));
    }

    private static ProductRecord Product(string categoryPath) => new()
    {
        Id = Guid.NewGuid(),
        Sku = $"SKU-{Guid.NewGuid():N}",
        Name = categoryPath,
        Slug = categoryPath.Replace('/', '-'),
        CategoryPath = categoryPath,
        Price = 10m,
        Currency = "USD",
        Status = "Active",
        Text = categoryPath,
        Embedding = [1f, 0f],
        EmbeddingModel = "test-model",
        EmbeddingDimensions = 2,
    };
}
