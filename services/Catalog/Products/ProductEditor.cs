using Vargo.Catalog.Caching;
using Vargo.Catalog.Model;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Products;

/// <summary>
/// Admin writes: validate against the category tree, store with the <c>ProductUpserted</c> event in the same
/// commit, then drop the cached reads.
/// </summary>
public sealed class ProductEditor(ICatalogStore store, CatalogReadCache cache, TimeProvider time)
{
    public async Task<WriteResult> CreateAsync(ProductInput input, CancellationToken cancellationToken)
    {
        var categories = await store.GetCategoriesAsync(cancellationToken);
        var now = time.GetUtcNow();
        var (product, errors) = ProductValidator.Validate(input, categories, Guid.CreateVersion7(now), now, now, version: 1);
        if (product is null)
        {
            return WriteResult.Invalid(errors);
        }
        try
        {
            await store.AddProductsAsync([(product, ProductEvents.Upserted(product, now))], cancellationToken);
        }
        catch (DuplicateKeyException duplicate)
        {
            return WriteResult.Conflict(FieldOf(duplicate, product), duplicate.Message);
        }
        await cache.InvalidateAsync(cancellationToken);
        return WriteResult.Done(product);
    }

    /// <summary>Replaces a product when <paramref name="expectedVersion"/> is still current (null: whatever is current, for imports).</summary>
    public async Task<WriteResult> UpdateAsync(Guid id, ProductInput input, long? expectedVersion, CancellationToken cancellationToken)
    {
        var existing = await store.GetProductAsync(id, cancellationToken);
        if (existing is null)
        {
            return WriteResult.Missing();
        }
        if (expectedVersion is { } expected && expected != existing.Version)
        {
            return WriteResult.Stale(existing.Version);
        }
        var categories = await store.GetCategoriesAsync(cancellationToken);
        var now = time.GetUtcNow();
        var (product, errors) = ProductValidator.Validate(input, categories, id, existing.CreatedAt, now, existing.Version + 1);
        if (product is null)
        {
            return WriteResult.Invalid(errors);
        }
        return await ReplaceAsync(product, existing.Version, now, cancellationToken);
    }

    public async Task<WriteResult> ArchiveAsync(Guid id, long? expectedVersion, CancellationToken cancellationToken)
    {
        var existing = await store.GetProductAsync(id, cancellationToken);
        if (existing is null)
        {
            return WriteResult.Missing();
        }
        if (expectedVersion is { } expected && expected != existing.Version)
        {
            return WriteResult.Stale(existing.Version);
        }
        var now = time.GetUtcNow();
        var archived = existing with { Status = ProductStatus.Archived, UpdatedAt = now, Version = existing.Version + 1 };
        return await ReplaceAsync(archived, existing.Version, now, cancellationToken);
    }

    /// <summary>Creates or replaces (matched by SKU) one product per line; each line succeeds or fails on its own.</summary>
    public async Task<ImportLineResult> ImportLineAsync(ProductInput input, CancellationToken cancellationToken)
    {
        var existing = string.IsNullOrWhiteSpace(input.Sku) ? null : await store.GetProductBySkuAsync(input.Sku.Trim(), cancellationToken);
        var result = existing is not null && existing.Sku == input.Sku!.Trim()
            ? await UpdateAsync(existing.Id, input, expectedVersion: null, cancellationToken)
            : await CreateAsync(input, cancellationToken);
        return new ImportLineResult(existing is null ? "created" : "updated", result);
    }

    private async Task<WriteResult> ReplaceAsync(Product product, long expectedVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        UpdateOutcome outcome;
        try
        {
            outcome = await store.UpdateProductAsync(product, expectedVersion, ProductEvents.Upserted(product, now), cancellationToken);
        }
        catch (DuplicateKeyException duplicate)
        {
            return WriteResult.Conflict(FieldOf(duplicate, product), duplicate.Message);
        }
        if (outcome == UpdateOutcome.Updated)
        {
            await cache.InvalidateAsync(cancellationToken);
        }
        return outcome switch
        {
            UpdateOutcome.Updated => WriteResult.Done(product),
            UpdateOutcome.NotFound => WriteResult.Missing(),
            _ => WriteResult.Stale(null),
        };
    }

    private static string FieldOf(DuplicateKeyException duplicate, Product product)
    {
        if (duplicate.Field != "sku" || duplicate.Value == product.Sku)
        {
            return duplicate.Field;
        }
        var index = product.Variants.Select(v => v.Sku).ToList().IndexOf(duplicate.Value);
        return index >= 0 ? $"variants[{index}].sku" : "sku";
    }
}

public enum WriteStatus
{
    Done,
    Invalid,
    Conflict,
    NotFound,
    PreconditionFailed,
}

public sealed record WriteResult(WriteStatus Status, Product? Product, IDictionary<string, string[]>? Errors, long? CurrentVersion = null)
{
    public static WriteResult Done(Product product) => new(WriteStatus.Done, product, null);
    public static WriteResult Invalid(Dictionary<string, string[]> errors) => new(WriteStatus.Invalid, null, errors);
    public static WriteResult Conflict(string field, string message) => new(WriteStatus.Conflict, null, new Dictionary<string, string[]> { [field] = [message] });
    public static WriteResult Missing() => new(WriteStatus.NotFound, null, null);
    public static WriteResult Stale(long? currentVersion) => new(WriteStatus.PreconditionFailed, null, null, currentVersion);
}

public sealed record ImportLineResult(string Action, WriteResult Result);
