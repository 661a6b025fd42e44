using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;
using Vargo.Catalog.Model;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Caching;

/// <summary>The category tree every read needs (slug → path), cached like the other reads and dropped on any write.</summary>
public sealed class CategoryCatalog(HybridCache cache, ICatalogStore store)
{
    public async ValueTask<IReadOnlyList<Category>> GetAllAsync(CancellationToken cancellationToken)
    {
        var snapshot = await cache.GetOrCreateAsync(
            "catalog:categories",
            store,
            static async (s, ct) => new CategorySnapshot(await s.GetCategoriesAsync(ct)),
            CatalogReadCache.EntryOptions,
            ["catalog"],
            cancellationToken);
        return snapshot.Categories;
    }
}

/// <summary>Immutable, so the in-process cache hands out the same instance instead of a deserialized copy.</summary>
[ImmutableObject(true)]
public sealed record CategorySnapshot(IReadOnlyList<Category> Categories);
