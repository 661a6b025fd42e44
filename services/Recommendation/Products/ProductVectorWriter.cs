using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Products;

/// <summary>Turns a ProductUpserted into a stored, embedded product and brings this instance's directory up to date.</summary>
public sealed class ProductVectorWriter(
    RecommendationDbContext db,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    EmbeddingModel model,
    ProductDirectory directory,
    TimeProvider timeProvider,
    ILogger<ProductVectorWriter> logger)
{
    public async Task UpsertAsync(ProductUpserted product, CancellationToken cancellationToken)
    {
        var record = await db.Products.FirstOrDefaultAsync(p => p.Id == product.ProductId, cancellationToken);
        if (record is not null && record.SourceOccurredAt > product.OccurredAt)
        {
            logger.LogInformation("Ignored an out-of-date ProductUpserted for {ProductId}", product.ProductId);
            return;
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

        if (needsEmbedding)
        {
            var vector = await embeddings.GenerateVectorAsync(text, cancellationToken: cancellationToken);
            record.Embedding = vector.ToArray();
            record.EmbeddingModel = model.Name;
            record.EmbeddingDimensions = vector.Length;
        }

        await db.SaveChangesAsync(cancellationToken);
        await directory.ApplyAsync([record], model.Name, cancellationToken);
    }
}
