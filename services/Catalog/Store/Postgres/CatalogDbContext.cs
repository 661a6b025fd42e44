using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Vargo.Messaging;

namespace Vargo.Catalog.Store.Postgres;

/// <summary>
/// PostgreSQL schema of the catalog. Attributes, variants and facet values are JSONB documents (facets with a
/// GIN index for containment filters); a stored, weighted <c>tsvector</c> with a GIN index serves full-text search;
/// <c>product_skus</c> makes every SKU (product or variant) unique across the catalog and indexes SKU lookups.
/// </summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public const string SearchConfiguration = "english";

    public DbSet<ProductRow> Products => Set<ProductRow>();
    public DbSet<ProductSkuRow> ProductSkus => Set<ProductSkuRow>();
    public DbSet<CategoryRow> Categories => Set<CategoryRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<ProductRow>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Id);
            product.Property(p => p.Sku).HasMaxLength(64);
            product.HasIndex(p => p.Sku).IsUnique();
            product.Property(p => p.Slug).HasMaxLength(200);
            product.HasIndex(p => p.Slug).IsUnique();
            product.Property(p => p.Name).HasMaxLength(200);
            product.Property(p => p.Brand).HasMaxLength(100);
            product.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
            product.Property(p => p.Price).HasPrecision(19, 4);
            product.Property(p => p.CompareAtPrice).HasPrecision(19, 4);
            product.Property(p => p.Status).HasMaxLength(16);
            product.Property(p => p.CategoryPath).HasMaxLength(1000);
            product.Property(p => p.Attributes).HasColumnType("jsonb");
            product.Property(p => p.Variants).HasColumnType("jsonb");
            product.Property(p => p.Facets).HasColumnType("jsonb");
            product.Property(p => p.Version).IsConcurrencyToken();

            // Prefix matches on the materialized path ("this category and its descendants").
            product.HasIndex(p => p.CategoryPath).HasOperators("text_pattern_ops");
            product.HasIndex(p => new { p.Status, p.CreatedAt, p.Sku });
            product.HasIndex(p => new { p.Status, p.Price, p.Sku });
            product.HasIndex(p => new { p.Status, p.Name, p.Sku });
            product.HasIndex(p => p.Brand);
            product.HasIndex(p => p.Facets).HasMethod("gin").HasOperators("jsonb_path_ops");

            // Name weighs most, then brand and category words, then the description.
            product.Property(p => p.SearchVector)
                .HasComputedColumnSql(
                    $"""
                    setweight(to_tsvector('{SearchConfiguration}', coalesce("Name", '')), 'A') ||
                    setweight(to_tsvector('{SearchConfiguration}', coalesce("Brand", '')), 'B') ||
                    setweight(to_tsvector('{SearchConfiguration}', translate("CategoryPath", '/-', '  ')), 'B') ||
                    setweight(to_tsvector('{SearchConfiguration}', coalesce("Description", '')), 'C')
                    """,
                    stored: true);
            product.HasIndex(p => p.SearchVector).HasMethod("gin");
        });

        modelBuilder.Entity<ProductSkuRow>(sku =>
        {
            sku.ToTable("product_skus");
            sku.HasKey(s => s.Sku);
            sku.Property(s => s.Sku).HasMaxLength(64);
            sku.HasIndex(s => s.ProductId);
            sku.HasOne<ProductRow>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CategoryRow>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Slug).HasMaxLength(100);
            category.HasIndex(c => c.Slug).IsUnique();
            category.Property(c => c.Name).HasMaxLength(200);
            category.Property(c => c.Path).HasMaxLength(1000);
            category.HasIndex(c => c.Path).IsUnique().HasOperators("text_pattern_ops");
            category.HasIndex(c => c.ParentId);
            category.Property(c => c.Attributes).HasColumnType("jsonb");
        });
    }
}

public sealed class ProductRow
{
    public Guid Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? Description { get; set; }
    public string? Brand { get; set; }
    public Guid CategoryId { get; set; }
    public required string CategoryPath { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public decimal? CompareAtPrice { get; set; }
    public string[] Images { get; set; } = [];
    public required string Status { get; set; }
    public required string Attributes { get; set; }
    public required string Variants { get; set; }
    public required string Facets { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
    public NpgsqlTsVector SearchVector { get; set; } = null!;
}

public sealed class ProductSkuRow
{
    public required string Sku { get; set; }
    public Guid ProductId { get; set; }
}

public sealed class CategoryRow
{
    public Guid Id { get; set; }
    public Guid? ParentId { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string Path { get; set; }
    public int Depth { get; set; }
    public required string Attributes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
