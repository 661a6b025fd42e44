using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vargo.DemoData;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Products;
using Vargo.Recommendation.Search;
using Vargo.Recommendation.VectorSearch;
using Vargo.Testing;

namespace Vargo.Recommendation.Tests;

/// <summary>The catalog back-fill against real PostgreSQL, with a catalog source that is a list of demo products.</summary>
public sealed class CatalogBackfillTests(PostgresAndRabbitMQFixture postgres)
{
    private static readonly MiniLmEmbeddingGenerator MiniLm = new();
    private static readonly IReadOnlyList<ProductUpserted> Products = DemoCatalog.Create().Products
        .Take(250).Select(p => DemoProductEvents.ToEvent(p, p.CreatedAt)).ToList();

    [Fact]
    public async Task Backfill_stores_and_embeds_every_page_once_and_a_restart_after_it_reads_nothing()
    {
        var database = await postgres.Servers.CreateDatabaseAsync("backfill", TestContext.Current.CancellationToken);
        var catalog = new ListedCatalog(Products);

        await using (var first = await StartAsync(database, catalog))
        {
            await first.Backfill.RunAsync(CancellationToken.None);

            Assert.Equal(250, first.Embedder.Embedded);
            Assert.Equal(250, first.Directory.Count);
            Assert.True(first.Progress.Completed);
            Assert.Equal("back-fill done: 250 products (250 embedded)", first.Progress.Describe());
            var checkpoint = await first.CheckpointAsync();
            Assert.Equal((250, 250, null), (checkpoint.Processed, checkpoint.Embedded, checkpoint.Cursor));
            Assert.NotNull(checkpoint.CompletedAt);
            Assert.Equal(250, await first.CountStoredAsync());
            Assert.Equal((250, 250), (first.Gauge("vargo.recommendation.backfill.processed"), first.Gauge("vargo.recommendation.backfill.total")));
        }
        Assert.Equal([null, "100", "200"], catalog.RequestedCursors);

        await using var restarted = await StartAsync(database, catalog);
        await restarted.Backfill.RunAsync(CancellationToken.None);

        Assert.Equal(0, restarted.Embedder.Embedded);
        Assert.Equal(3, catalog.RequestedCursors.Count);
        Assert.True(restarted.Progress.Completed);
    }

    [Fact]
    public async Task A_rerun_reads_the_catalog_again_embeds_nothing_current_and_is_degraded_until_done()
    {
        var database = await postgres.Servers.CreateDatabaseAsync("backfill", TestContext.Current.CancellationToken);
        var catalog = new ListedCatalog(Products);
        await using var service = await StartAsync(database, catalog);
        await service.Backfill.RunAsync(CancellationToken.None);
        var embeddedFirst = service.Embedder.Embedded;

        var answer = await service.Backfill.RestartAsync(CancellationToken.None);

        Assert.Contains("started over", answer);
        Assert.False(service.Progress.Completed);
        await Eventually.TrueAsync(() => Task.FromResult(service.Progress.Completed), "the re-run finished");
        Assert.Equal(embeddedFirst, service.Embedder.Embedded);
        Assert.Equal(6, catalog.RequestedCursors.Count);
        Assert.Equal((250, 0), ((await service.CheckpointAsync()).Processed, (await service.CheckpointAsync()).Embedded));
    }

    [Fact]
    public async Task An_interrupted_backfill_resumes_after_the_last_committed_page()
    {
        var database = await postgres.Servers.CreateDatabaseAsync("backfill", TestContext.Current.CancellationToken);
        var failing = new ListedCatalog(Products) { FailAtCursor = "200" };

        await using (var first = await StartAsync(database, failing))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => first.Backfill.RunAsync(CancellationToken.None));
            Assert.Equal(200, first.Embedder.Embedded);
            Assert.Equal("back-fill 200/250 products (200 embedded)", first.Progress.Describe());
        }

        var catalog = new ListedCatalog(Products);
        await using var restarted = await StartAsync(database, catalog);
        await restarted.Backfill.RunAsync(CancellationToken.None);

        Assert.Equal(["200"], catalog.RequestedCursors);
        Assert.Equal(50, restarted.Embedder.Embedded);
        Assert.Equal(250, await restarted.CountStoredAsync());
        var checkpoint = await restarted.CheckpointAsync();
        Assert.Equal((250, 250), (checkpoint.Processed, checkpoint.Embedded));
    }

    [Fact]
    public async Task Products_already_current_for_the_model_and_text_are_skipped_and_a_changed_text_is_embedded_again()
    {
        var database = await postgres.Servers.CreateDatabaseAsync("backfill", TestContext.Current.CancellationToken);
        var changed = Products[120] with { Description = "Now with a recycled sole.", OccurredAt = Products[120].OccurredAt.AddDays(1) };
        var catalog = new ListedCatalog([.. Products.Take(120), changed, .. Products.Skip(121)]);
        await using var service = await StartAsync(database, catalog);
        await using (var scope = service.Provider.CreateAsyncScope())
        {
            // As if their ProductUpserted events had arrived before the back-fill.
            await scope.ServiceProvider.GetRequiredService<ProductVectorWriter>().UpsertManyAsync(Products.Take(150).ToList(), CancellationToken.None);
        }
        var beforeBackfill = service.Embedder.Embedded;

        await service.Backfill.RunAsync(CancellationToken.None);

        Assert.Equal(150, beforeBackfill);
        Assert.Equal(100 + 1, service.Embedder.Embedded - beforeBackfill);
        Assert.Equal("back-fill done: 250 products (101 embedded)", service.Progress.Describe());
    }

    [Fact]
    public async Task A_new_embedding_model_re_embeds_every_stored_product_and_never_serves_the_old_vectors()
    {
        var database = await postgres.Servers.CreateDatabaseAsync("backfill", TestContext.Current.CancellationToken);
        var catalog = new ListedCatalog(Products);
        await using (var first = await StartAsync(database, catalog))
        {
            await first.Backfill.RunAsync(CancellationToken.None);
        }

        await using var upgraded = await StartAsync(database, catalog, new EmbeddingModel("test/another-model", MiniLmEmbeddingGenerator.Dimensions));
        var loader = upgraded.Provider.GetServices<IHostedService>().OfType<ProductIndexLoader>().Single();
        await loader.StartAsync(CancellationToken.None);
        await loader.ExecuteTask!;

        Assert.Equal(250, upgraded.Embedder.Embedded);
        Assert.Equal(250, upgraded.Directory.Count);
        await using var scope = upgraded.Provider.CreateAsyncScope();
        var models = await scope.ServiceProvider.GetRequiredService<RecommendationDbContext>().Products
            .Select(p => p.EmbeddingModel).Distinct().ToListAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["test/another-model"], models);
        Assert.Equal(3, catalog.RequestedCursors.Count); // the completed back-fill did not run again
    }

    private static async Task<BackfillHost> StartAsync(string database, ICatalogProductSource catalog, EmbeddingModel? model = null)
    {
        var embedder = new CountingEmbedder(MiniLm);
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddDbContext<RecommendationDbContext>(options => options.UseNpgsql(database))
            .AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embedder)
            .AddSingleton(model ?? EmbeddingModel.Of(MiniLm, MiniLmEmbeddingGenerator.Dimensions))
            .AddSingleton<IProductVectorStore>(new InProcessVectorStore(MiniLmEmbeddingGenerator.Dimensions))
            .AddSingleton<ProductDirectory>()
            .AddScoped<ProductVectorWriter>()
            .AddSingleton(catalog)
            .AddSingleton<BackfillProgress>()
            .AddSingleton<CatalogBackfill>()
            .AddSingleton<IHostedService, ProductIndexLoader>();
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecommendationDbContext>().Database.MigrateAsync();
        }
        return new BackfillHost(provider, embedder);
    }

    private sealed class BackfillHost(ServiceProvider provider, CountingEmbedder embedder) : IAsyncDisposable
    {
        public ServiceProvider Provider => provider;
        public CountingEmbedder Embedder => embedder;
        public CatalogBackfill Backfill => provider.GetRequiredService<CatalogBackfill>();
        public BackfillProgress Progress => provider.GetRequiredService<BackfillProgress>();
        public ProductDirectory Directory => provider.GetRequiredService<ProductDirectory>();

        public async Task<BackfillCheckpoint> CheckpointAsync()
        {
            await using var scope = provider.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RecommendationDbContext>().BackfillCheckpoints.SingleAsync();
        }

        public async Task<int> CountStoredAsync()
        {
            await using var scope = provider.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RecommendationDbContext>().Products.CountAsync(p => p.Embedding != null);
        }

        /// <summary>The current value of one of this host's back-fill gauges.</summary>
        public int Gauge(string name)
        {
            var factory = provider.GetRequiredService<IMeterFactory>();
            int? value = null;
            using var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Scope == factory && instrument.Name == name)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => value = measurement);
            listener.Start();
            listener.RecordObservableInstruments();
            return value ?? throw new InvalidOperationException($"No gauge {name}.");
        }

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
