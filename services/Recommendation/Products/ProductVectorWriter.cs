using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Products;

/// <summary>
/// Turns catalog products (a ProductUpserted event, or a page of the catalog back-fill) into stored, embedded products
/// and brings this instance's directory up to date. A product whose stored vector was made by the current model from
/// the same text is not embedded again, and one whose text has a vector in the <see cref="ShippedEmbeddings"/> (the demo
/// catalog's, made by the same model) takes that vector instead of being embedded.
/// </summary>
public sealed class ProductVectorWriter(
    RecommendationDbContext db,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    EmbeddingModel model,
    ProductDirectory directory,
    TimeProvider timeProvider,
    ILogger<ProductVectorWriter> logger,
    ShippedEmbeddings? shipped = null)
{
    public Task UpsertAsync(ProductUpserted product, CancellationToken cancellationToken) => UpsertManyAsync([product], cancellationToken);

    /// <summary>
    /// Stores the products in one transaction, embedding (in one batch) only those whose text or model changed and that
    /// have no shipped vector; returns how many the model embedded.
    /// </summary>
    public async Task<int> UpsertManyAsync(IReadOnlyCollection<ProductUpserted> products, CancellationToken cancellationToken)
    {
        var ids = products.Select(p => p.ProductId).ToList();
        var records = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var changed = new List<ProductRecord>(products.Count);
        var toEmbed = new List<ProductRecord>();
        foreach (var product in products)
        {
            var record = records.GetValueOrDefault(product.ProductId);
            if (record is not null && record.SourceOccurredAt > product.OccurredAt)
            {
                logger.LogInformation("Ignored an out-of-date version of product {ProductId}", product.ProductId);
                continue;
            }

            var text = ProductText.Compose(product);
            var needsEmbedding = record is null || record.Text != text || record.EmbeddingModel != model.Name || record.Embedding is null;
            if (record is null)
            {
                record = new ProductRecord
                {
                    Id = product.ProductId, Sku = product.Sku, Name = product.Name, Slug = product.Slug,
                    CategoryPath = product.CategoryPath, Currency = product.Currency, Status = product.Status, Text = text,
                };
                db.Products.Add(record);
                records[record.Id] = record;
            }

            record.Sku = product.Sku;
            record.Name = product.Name;
            record.Slug = product.Slug;
            record.Brand = product.Brand;
            record.CategoryId = product.CategoryId;
            record.CategoryPath = product.CategoryPath;
            record.Price = product.Variants.Count == 0 ? product.Price : Math.Min(product.Price, product.Variants.Min(v => v.Price));
            record.Currency = product.Currency;
            record.Status = product.Status;
            record.VariantSkus = product.Variants.Select(v => v.Sku).ToArray();
            record.Text = text;
            record.SourceOccurredAt = product.OccurredAt;
            record.UpdatedAt = timeProvider.GetUtcNow();
            changed.Add(record);
            if (needsEmbedding)
            {
                toEmbed.Add(record);
            }
        }

        foreach (var record in toEmbed.ToList())
        {
            if (shipped is not null && shipped.TryGet(model, record.Text, out var vector))
            {
                SetVector(record, vector);
                toEmbed.Remove(record);
            }
        }
        if (toEmbed.Count > 0)
        {
            var vectors = await embeddings.GenerateAsync(toEmbed.Select(r => r.Text), cancellationToken: cancellationToken);
            for (var i = 0; i < toEmbed.Count; i++)
            {
                SetVector(toEmbed[i], vectors[i].Vector.ToArray());
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (changed.Count > 0)
        {
            await directory.ApplyAsync(changed, model.Name, cancellationToken);
        }
        return toEmbed.Count;
    }

    private void SetVector(ProductRecord record, float[] vector)
    {
        record.Embedding = vector;
        record.EmbeddingModel = model.Name;
        record.EmbeddingDimensions = vector.Length;
    }
}
