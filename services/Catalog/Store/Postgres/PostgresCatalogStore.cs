using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vargo.Catalog.Model;
using Vargo.Iso;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Catalog.Store.Postgres;

public sealed class PostgresCatalogStore(CatalogDbContext db) : ICatalogStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);

    public Task<bool> HasProductsAsync(CancellationToken cancellationToken) => db.Products.AnyAsync(cancellationToken);

    public async Task<IReadOnlyList<Category>> GetCategoriesAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Categories.AsNoTracking().OrderBy(c => c.Path).ToListAsync(cancellationToken);
        return rows.Select(ToCategory).ToList();
    }

    public async Task AddCategoryAsync(Category category, CancellationToken cancellationToken)
    {
        db.Categories.Add(ToRow(category));
        await SaveAsync(category.Slug, cancellationToken);
    }

    public async Task<bool> UpdateCategoryAsync(Category category, string previousPath, CancellationToken cancellationToken)
    {
        // The Aspire Npgsql context retries transient failures: a transaction of our own must run inside its execution
        // strategy as one retriable unit, or EF refuses to start it (an InvalidOperationException, i.e. a 500).
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = await db.Categories.FirstOrDefaultAsync(c => c.Id == category.Id, cancellationToken);
            if (row is null)
            {
                return false;
            }
            row.ParentId = category.ParentId;
            row.Slug = category.Slug;
            row.Name = category.Name;
            row.Path = category.Path;
            row.Depth = category.Depth;
            row.Attributes = CatalogJson.Serialize(category.Attributes);
            row.UpdatedAt = category.UpdatedAt;
            await SaveAsync(category.Slug, cancellationToken);

            if (previousPath != category.Path)
            {
                var prefix = previousPath + "/";
                var depthChange = category.Depth - (previousPath.Count(c => c == '/'));
                await db.Categories
                    .Where(c => c.Path.StartsWith(prefix))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Path, c => category.Path + c.Path.Substring(previousPath.Length))
                        .SetProperty(c => c.Depth, c => c.Depth + depthChange), cancellationToken);
                await db.Products
                    .Where(p => p.CategoryPath == previousPath || p.CategoryPath.StartsWith(prefix))
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.CategoryPath, p => category.Path + p.CategoryPath.Substring(previousPath.Length)), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    public async Task<CategoryDeletion> DeleteCategoryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return CategoryDeletion.NotFound;
        }
        if (await db.Categories.AnyAsync(c => c.ParentId == id, cancellationToken))
        {
            return CategoryDeletion.HasChildren;
        }
        if (await db.Products.AnyAsync(p => p.CategoryId == id, cancellationToken))
        {
            return CategoryDeletion.HasProducts;
        }
        await db.Categories.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        return CategoryDeletion.Deleted;
    }

    public async Task<Product?> GetProductAsync(Guid id, CancellationToken cancellationToken) =>
        ToProductOrNull(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken));

    public async Task<Product?> GetProductBySlugAsync(string slug, CancellationToken cancellationToken) =>
        ToProductOrNull(await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken));

    public async Task<Product?> GetProductBySkuAsync(string sku, CancellationToken cancellationToken)
    {
        var productId = await db.ProductSkus.Where(s => s.Sku == sku).Select(s => (Guid?)s.ProductId).FirstOrDefaultAsync(cancellationToken);
        return productId is null ? null : await GetProductAsync(productId.Value, cancellationToken);
    }

    public async Task<IReadOnlyList<Product>> GetProductsAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        // Two index lookups (SKU → product id, then by primary key), not one query with "id in ids OR a SKU matches":
        // PostgreSQL cannot use an index for that OR and probed product_skus once per product of the whole catalog
        // (0.4 ms a call, and Orders asks on every cart change and checkout).
        var skuList = skus.ToList();
        var idList = ids.ToList();
        if (skuList.Count > 0)
        {
            idList.AddRange(await db.ProductSkus.Where(s => skuList.Contains(s.Sku)).Select(s => s.ProductId).ToListAsync(cancellationToken));
        }
        if (idList.Count == 0)
        {
            return [];
        }
        var distinctIds = idList.Distinct().ToList();
        var rows = await db.Products.AsNoTracking().Where(p => distinctIds.Contains(p.Id)).ToListAsync(cancellationToken);
        return rows.Select(ToProduct).ToList();
    }

    public async Task<ProductPage> ListProductsAsync(ProductFilter filter, ProductSort sort, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var query = Filter(db.Products.AsNoTracking(), filter);
        if (after is not null)
        {
            query = After(query, after);
        }
        query = sort switch
        {
            ProductSort.PriceAscending => query.OrderBy(p => p.Price).ThenBy(p => p.Sku),
            ProductSort.PriceDescending => query.OrderByDescending(p => p.Price).ThenBy(p => p.Sku),
            ProductSort.Name => query.OrderBy(p => p.Name).ThenBy(p => p.Sku),
            _ => query.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Sku),
        };
        var rows = await query.Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(ToProduct).ToList();
        var next = rows.Count > limit ? CursorAfter(items[^1], sort) : null;
        return new ProductPage(items, next);
    }

    internal static PageCursor CursorAfter(Product last, ProductSort sort) => sort switch
    {
        ProductSort.PriceAscending or ProductSort.PriceDescending => new PageCursor(sort, null, last.Price, null, last.Sku),
        ProductSort.Name => new PageCursor(sort, last.Name, null, null, last.Sku),
        _ => new PageCursor(sort, null, null, last.CreatedAt, last.Sku),
    };

    private static IQueryable<ProductRow> After(IQueryable<ProductRow> query, PageCursor cursor)
    {
        var sku = cursor.LastSku;
        switch (cursor.Sort)
        {
            case ProductSort.PriceAscending:
                var higher = cursor.LastPrice ?? 0m;
                return query.Where(p => p.Price > higher || (p.Price == higher && string.Compare(p.Sku, sku) > 0));
            case ProductSort.PriceDescending:
                var lower = cursor.LastPrice ?? 0m;
                return query.Where(p => p.Price < lower || (p.Price == lower && string.Compare(p.Sku, sku) > 0));
            case ProductSort.Name:
                var name = cursor.LastName ?? "";
                return query.Where(p => string.Compare(p.Name, name) > 0 || (p.Name == name && string.Compare(p.Sku, sku) > 0));
            default:
                var createdAt = cursor.LastCreatedAt ?? DateTimeOffset.MaxValue;
                return query.Where(p => p.CreatedAt < createdAt || (p.CreatedAt == createdAt && string.Compare(p.Sku, sku) > 0));
        }
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, ProductFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        var hits = await Filter(db.Products.AsNoTracking(), filter)
            .Where(p => p.SearchVector.Matches(EF.Functions.WebSearchToTsQuery(CatalogDbContext.SearchConfiguration, text)))
            .Select(p => new { Row = p, Rank = p.SearchVector.RankCoverDensity(EF.Functions.WebSearchToTsQuery(CatalogDbContext.SearchConfiguration, text)) })
            .OrderByDescending(h => h.Rank).ThenBy(h => h.Row.Sku)
            .Skip(offset).Take(limit)
            .ToListAsync(cancellationToken);
        return hits.Select(h => new SearchHit(ToProduct(h.Row), h.Rank)).ToList();
    }

    public async Task<ProductFacets> GetFacetsAsync(ProductFilter filter, CancellationToken cancellationToken)
    {
        var query = Filter(db.Products.AsNoTracking(), filter);
        var brands = await query.Where(p => p.Brand != null)
            .GroupBy(p => p.Brand!)
            .Select(g => new FacetCount(g.Key, g.LongCount()))
            .ToListAsync(cancellationToken);
        // Per currency: a price range is only meaningful within one currency.
        var totals = await query.GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Count = g.LongCount(), Min = g.Min(p => p.Price), Max = g.Max(p => p.Price) })
            .ToListAsync(cancellationToken);
        var range = PriceRanges.Fold(totals.Select(t => (t.Currency, Currencies.InCurrencyScale(t.Min, t.Currency), Currencies.InCurrencyScale(t.Max, t.Currency))).ToList());

        // Counting values inside the JSONB documents needs jsonb_each over the filtered rows; the filter is
        // composed in LINQ, so the rows' facet documents are counted here (one small column per matching product).
        var documents = await query.Select(p => p.Facets).ToListAsync(cancellationToken);
        return new ProductFacets(
            totals.Sum(t => t.Count),
            brands.OrderByDescending(b => b.Count).ThenBy(b => b.Value, StringComparer.Ordinal).ToList(),
            FacetCounting.Count(documents.Select(CatalogJson.Deserialize<Dictionary<string, string[]>>)),
            range.Min,
            range.Max,
            range.Currency);
    }

    public async Task AddProductsAsync(IReadOnlyList<(Product Product, ProductUpserted Event)> products, CancellationToken cancellationToken)
    {
        var skus = products.SelectMany(p => p.Product.AllSkus).ToList();
        var taken = await db.ProductSkus.Where(s => skus.Contains(s.Sku)).Select(s => s.Sku).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            throw new DuplicateKeyException("sku", taken);
        }
        foreach (var (product, @event) in products)
        {
            db.Products.Add(ToRow(product));
            db.ProductSkus.AddRange(product.AllSkus.Select(sku => new ProductSkuRow { Sku = sku, ProductId = product.Id }));
            StageEvent(@event);
        }
        await SaveAsync(products.Count == 1 ? products[0].Product.Slug : "(batch)", cancellationToken);
    }

    public async Task<UpdateOutcome> UpdateProductAsync(Product product, long expectedVersion, ProductUpserted @event, CancellationToken cancellationToken)
    {
        var row = await db.Products.FirstOrDefaultAsync(p => p.Id == product.Id, cancellationToken);
        if (row is null)
        {
            return UpdateOutcome.NotFound;
        }
        if (row.Version != expectedVersion)
        {
            return UpdateOutcome.VersionMismatch;
        }

        var newSkus = product.AllSkus.ToHashSet(StringComparer.Ordinal);
        var current = await db.ProductSkus.Where(s => s.ProductId == product.Id).ToListAsync(cancellationToken);
        var added = newSkus.Except(current.Select(s => s.Sku)).ToList();
        var taken = await db.ProductSkus.Where(s => added.Contains(s.Sku)).Select(s => s.Sku).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            throw new DuplicateKeyException("sku", taken);
        }
        db.ProductSkus.RemoveRange(current.Where(s => !newSkus.Contains(s.Sku)));
        db.ProductSkus.AddRange(added.Select(sku => new ProductSkuRow { Sku = sku, ProductId = product.Id }));

        var updated = ToRow(product);
        db.Entry(row).CurrentValues.SetValues(updated);
        // The concurrency token compares against the version read above, so a write that slipped in since fails.
        db.Entry(row).Property(p => p.Version).OriginalValue = expectedVersion;
        StageEvent(@event);
        try
        {
            await SaveAsync(product.Slug, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return UpdateOutcome.VersionMismatch;
        }
        return UpdateOutcome.Updated;
    }

    /// <summary>Outbox: the event row commits with the product rows; the relay publishes it after the commit.</summary>
    private void StageEvent(ProductUpserted @event) => db.AddIntegrationEvent(@event);

    private async Task SaveAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // Each call works on fresh rows: a store instance used for several operations never reads stale tracked state.
            db.ChangeTracker.Clear();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            db.ChangeTracker.Clear();
            var field = unique.ConstraintName switch
            {
                { } name when name.Contains("Slug", StringComparison.OrdinalIgnoreCase) => "slug",
                { } name when name.Contains("Path", StringComparison.OrdinalIgnoreCase) => "slug",
                _ => "sku",
            };
            throw new DuplicateKeyException(field, field == "slug" ? slug : "(concurrent insert)", ex);
        }
    }

    private static IQueryable<ProductRow> Filter(IQueryable<ProductRow> query, ProductFilter filter)
    {
        if (filter.Status is { } status)
        {
            var statusName = status.ToString();
            query = query.Where(p => p.Status == statusName);
        }
        if (filter.CategoryPath is { } path)
        {
            var prefix = path + "/";
            query = query.Where(p => p.CategoryPath == path || p.CategoryPath.StartsWith(prefix));
        }
        if (filter.Brands.Count > 0)
        {
            var brands = filter.Brands.ToList();
            query = query.Where(p => p.Brand != null && brands.Contains(p.Brand));
        }
        if (filter.Currency is { } currency)
        {
            query = query.Where(p => p.Currency == currency);
        }
        if (filter.MinPrice is { } min)
        {
            query = query.Where(p => p.Price >= min);
        }
        if (filter.MaxPrice is { } max)
        {
            query = query.Where(p => p.Price <= max);
        }
        foreach (var (name, values) in filter.Attributes)
        {
            // facets @> '{"size":["42"]}' per accepted value, OR-ed: served by the jsonb_path_ops GIN index.
            Expression<Func<ProductRow, bool>>? any = null;
            foreach (var value in values)
            {
                var document = JsonSerializer.Serialize(new Dictionary<string, string[]> { [name] = [value] });
                Expression<Func<ProductRow, bool>> contains = p => EF.Functions.JsonContains(p.Facets, document);
                any = any is null ? contains : Or(any, contains);
            }
            if (any is not null)
            {
                query = query.Where(any);
            }
        }
        return query;
    }

    private static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var parameter = left.Parameters[0];
        var body = new ParameterSwap(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, body), parameter);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static Product? ToProductOrNull(ProductRow? row) => row is null ? null : ToProduct(row);

    private static Product ToProduct(ProductRow row) => new()
    {
        Id = row.Id,
        Sku = row.Sku,
        Name = row.Name,
        Slug = row.Slug,
        Description = row.Description,
        Brand = row.Brand,
        CategoryId = row.CategoryId,
        CategoryPath = row.CategoryPath,
        // numeric(19,4) hands back 4 decimals; the currency's own scale is what the API shows (12.50 USD, 500 JPY).
        // Exact: a stored price never has more decimals than its currency (validated on the way in).
        Price = Currencies.InCurrencyScale(row.Price, row.Currency),
        Currency = row.Currency,
        CompareAtPrice = row.CompareAtPrice is { } compareAt ? Currencies.InCurrencyScale(compareAt, row.Currency) : null,
        Images = row.Images,
        Status = Enum.Parse<ProductStatus>(row.Status),
        Attributes = CatalogJson.Deserialize<Dictionary<string, JsonElement>>(row.Attributes),
        Variants = CatalogJson.Deserialize<List<ProductVariant>>(row.Variants),
        CreatedAt = row.CreatedAt,
        UpdatedAt = row.UpdatedAt,
        Version = row.Version,
    };

    private static ProductRow ToRow(Product product) => new()
    {
        Id = product.Id,
        Sku = product.Sku,
        Name = product.Name,
        Slug = product.Slug,
        Description = product.Description,
        Brand = product.Brand,
        CategoryId = product.CategoryId,
        CategoryPath = product.CategoryPath,
        Price = product.Price,
        Currency = product.Currency,
        CompareAtPrice = product.CompareAtPrice,
        Images = product.Images.ToArray(),
        Status = product.Status.ToString(),
        Attributes = CatalogJson.Serialize(product.Attributes),
        Variants = CatalogJson.Serialize(product.Variants),
        Facets = CatalogJson.Serialize(product.FacetValues()),
        CreatedAt = product.CreatedAt,
        UpdatedAt = product.UpdatedAt,
        Version = product.Version,
    };

    private static Category ToCategory(CategoryRow row) => new()
    {
        Id = row.Id,
        ParentId = row.ParentId,
        Slug = row.Slug,
        Name = row.Name,
        Path = row.Path,
        Depth = row.Depth,
        Attributes = CatalogJson.Deserialize<List<AttributeDefinition>>(row.Attributes),
        UpdatedAt = row.UpdatedAt,
    };

    private static CategoryRow ToRow(Category category) => new()
    {
        Id = category.Id,
        ParentId = category.ParentId,
        Slug = category.Slug,
        Name = category.Name,
        Path = category.Path,
        Depth = category.Depth,
        Attributes = CatalogJson.Serialize(category.Attributes),
        UpdatedAt = category.UpdatedAt,
    };
}
