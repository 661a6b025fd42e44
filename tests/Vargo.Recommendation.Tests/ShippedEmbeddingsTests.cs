using Vargo.DemoData;
using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Products;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// The demo catalog's shipped vectors (<see cref="ShippedEmbeddings"/>) match what the model makes of the demo catalog.
/// With <c>VARGO_REGENERATE_EMBEDDINGS=1</c> (eng/regenerate-demo-embeddings.sh) the test writes the file first: run it
/// after changing the demo catalog, <see cref="ProductText"/> or the model, and commit the file.
/// </summary>
public sealed class ShippedEmbeddingsTests
{
    private const string RelativePath = "services/Shared/Vargo.DemoData/Embeddings/demo-catalog.embeddings.gz";
    // Half precision keeps about three significant digits; components of a normalised 384-d vector are below 0.5.
    private const float Tolerance = 0.001f;
    private static readonly MiniLmEmbeddingGenerator MiniLm = new(threads: 2);
    private static readonly EmbeddingModel Model = EmbeddingModel.Of(MiniLm, MiniLmEmbeddingGenerator.Dimensions);

    private static IReadOnlyList<string> DemoTexts() =>
        DemoCatalog.Create().Products.Select(p => ProductText.Compose(DemoProductEvents.ToEvent(p, p.CreatedAt))).ToList();

    [Fact]
    public async Task Every_demo_product_has_a_shipped_vector_equal_to_what_the_model_makes_of_its_text()
    {
        var texts = DemoTexts();
        var path = Path.Combine(RepositoryRoot(), RelativePath);
        var regenerate = Environment.GetEnvironmentVariable("VARGO_REGENERATE_EMBEDDINGS") == "1";
        if (regenerate)
        {
            var vectors = await MiniLm.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);
            await using var output = File.Create(path);
            ShippedEmbeddings.Write(output, Model, texts.Zip(vectors, (text, vector) => (text, vector.Vector)));
        }

        ShippedEmbeddings shipped;
        await using (var input = File.OpenRead(path))
        {
            shipped = ShippedEmbeddings.Read(input);
        }
        // The copy compiled into the service is this file (once the service is rebuilt after a regeneration).
        if (!regenerate)
        {
            Assert.Equal(shipped.Count, ShippedEmbeddings.LoadEmbedded().Count);
        }
        Assert.Equal((Model.Name, Model.Dimensions), (shipped.Model, shipped.Dimensions));
        Assert.All(texts, text => Assert.True(shipped.TryGet(Model, text, out _), $"No shipped vector for: {text}"));

        // Every 20th product (60 of 1,200) embedded again: the shipped vectors are the model's, not stale ones.
        var sample = texts.Where((_, i) => i % 20 == 0).ToList();
        var fresh = await MiniLm.GenerateAsync(sample, cancellationToken: TestContext.Current.CancellationToken);
        for (var i = 0; i < sample.Count; i++)
        {
            shipped.TryGet(Model, sample[i], out var vector);
            var difference = vector.Zip(fresh[i].Vector.ToArray(), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference < Tolerance, $"The shipped vector differs by {difference} for: {sample[i]}");
        }
    }

    [Fact]
    public void A_changed_text_or_another_model_has_no_shipped_vector()
    {
        var shipped = ShippedEmbeddings.LoadEmbedded();
        var text = DemoTexts()[0];

        Assert.True(shipped.TryGet(Model, text, out _));
        Assert.False(shipped.TryGet(Model, text + " Now in red.", out _));
        Assert.False(shipped.TryGet(new EmbeddingModel("test/another-model", Model.Dimensions), text, out _));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vargo.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Vargo.sln not found above the test's folder.");
    }
}
