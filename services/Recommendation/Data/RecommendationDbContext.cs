using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;

namespace Vargo.Recommendation.Data;

public sealed class RecommendationDbContext(DbContextOptions<RecommendationDbContext> options) : DbContext(options)
{
    public DbSet<ProductRecord> Products => Set<ProductRecord>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<BackfillCheckpoint> BackfillCheckpoints => Set<BackfillCheckpoint>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProductRecord>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Id);
            product.Property(p => p.Sku).HasMaxLength(64);
            product.Property(p => p.Name).HasMaxLength(300);
            product.Property(p => p.Slug).HasMaxLength(300);
            product.Property(p => p.Brand).HasMaxLength(120);
            product.Property(p => p.CategoryPath).HasMaxLength(400);
            product.Property(p => p.Price).HasPrecision(18, 2);
            product.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
            product.Property(p => p.Status).HasMaxLength(20);
            product.Property(p => p.EmbeddingModel).HasMaxLength(200);
            product.Ignore(p => p.IsActive);
            product.HasIndex(p => p.EmbeddingModel);
        });

        modelBuilder.Entity<Purchase>(purchase =>
        {
            purchase.ToTable("purchases");
            // One row per product per order: a redelivered OrderPlaced cannot count twice.
            purchase.HasKey(p => new { p.OrderId, p.ProductId });
            purchase.HasIndex(p => new { p.CustomerId, p.PurchasedAt });
            purchase.HasIndex(p => p.ProductId);
        });

        modelBuilder.Entity<BackfillCheckpoint>(checkpoint =>
        {
            checkpoint.ToTable("backfill_checkpoints");
            checkpoint.HasKey(c => c.Source);
            checkpoint.Property(c => c.Source).HasMaxLength(40);
            checkpoint.Property(c => c.Cursor).HasMaxLength(1000);
        });

        modelBuilder.AddMessagingTables();
    }
}
