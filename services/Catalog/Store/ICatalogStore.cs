using Vargo.Catalog.Model;
using Vargo.Messaging.Contracts;

namespace Vargo.Catalog.Store;

/// <summary>
/// The catalog's persistence, implemented for PostgreSQL (local mode) and MongoDB (containers mode) and held
/// to the same behaviour by one contract test suite. Writes take the <see cref="ProductUpserted"/> event to
/// publish, so a store commits it together with the change (outbox).
/// </summary>
public interface ICatalogStore
{
    /// <summary>
    /// Creates or migrates the schema (tables and indexes, or collections and indexes). At start-up the service calls it for
    /// MongoDB; PostgreSQL's schema comes from <c>AddMigration&lt;CatalogDbContext&gt;</c>, which applies the same migrations.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<bool> HasProductsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Category>> GetCategoriesAsync(CancellationToken cancellationToken);

    /// <exception cref="DuplicateKeyException">The slug is taken.</exception>
    Task AddCategoryAsync(Category category, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a category and rewrites the materialized paths of its descendants and their products when its
    /// path changed. False when it does not exist.
    /// </summary>
    /// <exception cref="DuplicateKeyException">The slug is taken.</exception>
    Task<bool> UpdateCategoryAsync(Category category, string previousPath, CancellationToken cancellationToken);

    Task<CategoryDeletion> DeleteCategoryAsync(Guid id, CancellationToken cancellationToken);

    Task<Product?> GetProductAsync(Guid id, CancellationToken cancellationToken);

    Task<Product?> GetProductBySlugAsync(string slug, CancellationToken cancellationToken);

    Task<Product?> GetProductBySkuAsync(string sku, CancellationToken cancellationToken);

    /// <summary>The products owning any of these SKUs (product or variant SKUs) or having any of these ids.</summary>
    Task<IReadOnlyList<Product>> GetProductsAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    Task<ProductPage> ListProductsAsync(ProductFilter filter, ProductSort sort, PageCursor? after, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<SearchHit>> SearchAsync(string text, ProductFilter filter, int offset, int limit, CancellationToken cancellationToken);

    Task<ProductFacets> GetFacetsAsync(ProductFilter filter, CancellationToken cancellationToken);

    /// <exception cref="DuplicateKeyException">A SKU (of the product or a variant) or the slug is taken.</exception>
    Task AddProductsAsync(IReadOnlyList<(Product Product, ProductUpserted Event)> products, CancellationToken cancellationToken);

    /// <summary>Replaces the product if its stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <exception cref="DuplicateKeyException">A SKU or the slug is taken by another product.</exception>
    Task<UpdateOutcome> UpdateProductAsync(Product product, long expectedVersion, ProductUpserted @event, CancellationToken cancellationToken);
}

public enum UpdateOutcome
{
    Updated,
    NotFound,
    VersionMismatch,
}

public enum CategoryDeletion
{
    Deleted,
    NotFound,
    HasChildren,
    HasProducts,
}

/// <summary>A unique key (SKU or slug) is already taken; <see cref="Field"/> names the request field.</summary>
public sealed class DuplicateKeyException(string field, string value, Exception? inner = null)
    : Exception($"The {field} '{value}' is already in use.", inner)
{
    public string Field { get; } = field;
    public string Value { get; } = value;
}
