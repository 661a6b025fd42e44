using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Products;

/// <summary>
/// At start (the schema is current: AddMigration ran before any hosted service started): loads the stored vectors of the current model into the directory, then re-embeds,
/// in resumable batches, every product whose vector was made by another model (or none): a model change re-embeds from
/// the stored text and vectors of two models are never searched together; last, the catalog back-fill
/// (<see cref="CatalogBackfill"/>). Progress is logged and traced.
/// </summary>
public sealed class ProductIndexLoader(
    IServiceScopeFactory scopes,
    ProductDirectory directory,
    EmbeddingModel model,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    CatalogBackfill backfill,
    ILogger<ProductIndexLoader> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("Vargo.Recommendation");
    private const int LoadBatch = 1000;
    private const int EmbedBatch = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadAsync(stoppingToken);
        directory.MarkLoaded();
        await ReembedAsync(stoppingToken);
        await backfill.RunAsync(stoppingToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("Load product vectors");
        var watch = Stopwatch.StartNew();
        var lastId = Guid.Empty;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecommendationDbContext>();
            var batch = await db.Products.AsNoTracking()
                .Where(p => p.Id > lastId && p.EmbeddingModel == model.Name && p.Status.ToLower() == "active")
                .OrderBy(p => p.Id)
                .Take(LoadBatch)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            await directory.ApplyAsync(batch, model.Name, cancellationToken);
            lastId = batch[^1].Id;
        }
        logger.LogInformation("Loaded {Count} product vectors ({Model}, {Dimensions} dimensions) into the {Store} store in {Elapsed} ms",
            directory.Count, model.Name, model.Dimensions, directory.Vectors.Kind, watch.ElapsedMilliseconds);
    }

    private async Task ReembedAsync(CancellationToken cancellationToken)
    {
        await using var countScope = scopes.CreateAsyncScope();
        var total = await countScope.ServiceProvider.GetRequiredService<RecommendationDbContext>().Products
            .CountAsync(p => p.EmbeddingModel != model.Name || p.EmbeddingModel == null, cancellationToken);
        if (total == 0)
        {
            return;
        }

        using var activity = ActivitySource.StartActivity("Re-embed products");
        logger.LogInformation("Re-embedding {Total} products with {Model}", total, model.Name);
        var done = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Each batch commits on its own, so a restart resumes where it stopped.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecommendationDbContext>();
            var batch = await db.Products
                .Where(p => p.EmbeddingModel != model.Name || p.EmbeddingModel == null)
                .OrderBy(p => p.Id)
                .Take(EmbedBatch)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var vectors = await embeddings.GenerateAsync(batch.Select(p => p.Text), cancellationToken: cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Embedding = vectors[i].Vector.ToArray();
                batch[i].EmbeddingModel = model.Name;
                batch[i].EmbeddingDimensions = vectors[i].Vector.Length;
            }
            await db.SaveChangesAsync(cancellationToken);
            await directory.ApplyAsync(batch, model.Name, cancellationToken);

            done += batch.Count;
            activity?.SetTag("vargo.reembed.done", done);
            logger.LogInformation("Re-embedded {Done}/{Total} products", done, total);
        }
    }
}
