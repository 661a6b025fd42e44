using System.Text.Json;
using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using Vargo.Catalog.Model;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Messaging.Outbox.Mongo;

namespace Vargo.Catalog.Store.Mongo;

/// <summary>
/// The MongoDB store (containers mode). Same behaviour as the PostgreSQL store, held to it by the contract
/// tests when <c>VARGO_TEST_MONGODB</c> names a server: unique indexes on slug and on every SKU (multikey),
/// a weighted text index for search, compound indexes for the keyset sorts, a wildcard index on facet values.
/// Optimistic concurrency is a conditional replace on (id, version). A product's <see cref="ProductUpserted"/> is
/// stored inside its document, in the same atomic write (Vargo.Messaging's MongoDB outbox), and the relay publishes it.
/// </summary>
public sealed class MongoCatalogStore : ICatalogStore
{
    private const string TextIndexName = "products_text";
    private readonly IMongoCollection<ProductDocument> _products;
    private readonly IMongoCollection<CategoryDocument> _categories;
    private readonly OutboxSignal? _outboxSignal;
    private readonly TimeProvider _time;

    /// <summary>The collection whose documents carry outbox entries (the relay is told to read it).</summary>
    public const string ProductsCollection = "products";

    static MongoCatalogStore()
    {
        // Driver 3 refuses to guess a GUID layout; the standard (RFC 4122) one is what other tools read.
        BsonSerializer.TryRegisterSerializer(new GuidSerializer(GuidRepresentation.Standard));
    }

    /// <param name="database">The catalog database.</param>
    /// <param name="outboxSignal">Woken after a write that stored events, so the relay publishes at once (else on its poll).</param>
    /// <param name="time">The clock of the outbox entries' write times.</param>
    public MongoCatalogStore(IMongoDatabase database, OutboxSignal? outboxSignal = null, TimeProvider? time = null)
    {
        _products = database.GetCollection<ProductDocument>(ProductsCollection);
        _categories = database.GetCollection<CategoryDocument>("categories");
        _outboxSignal = outboxSignal;
        _time = time ?? TimeProvider.System;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<ProductDocument>.IndexKeys;
        await _products.Indexes.CreateManyAsync(
        [
            new(keys.Ascending(p => p.AllSkus), new CreateIndexOptions { Unique = true, Name = "products_skus" }),
            new(keys.Ascending(p => p.Slug), new CreateIndexOptions { Unique = true, Name = "products_slug" }),
            new(keys.Ascending(p => p.Status).Descending(p => p.CreatedAt).Ascending(p => p.Sku), new CreateIndexOptions { Name = "products_newest" }),
            new(keys.Ascending(p => p.Status).Ascending(p => p.Price).Ascending(p => p.Sku), new CreateIndexOptions { Name = "products_price" }),
            new(keys.Ascending(p => p.Status).Ascending(p => p.Name).Ascending(p => p.Sku), new CreateIndexOptions { Name = "products_name" }),
            new(keys.Ascending(p => p.CategoryPath), new CreateIndexOptions { Name = "products_category" }),
            new(keys.Ascending(p => p.CategoryId), new CreateIndexOptions { Name = "products_category_id" }),
            new(keys.Ascending(p => p.Brand), new CreateIndexOptions { Name = "products_brand" }),
            new(keys.Wildcard("Facets.$**"), new CreateIndexOptions { Name = "products_facets" }),
            new(keys.Text(p => p.Name).Text(p => p.Brand).Text(p => p.CategoryWords).Text(p => p.Description),
                new CreateIndexOptions
                {
                    Name = TextIndexName,
                    DefaultLanguage = "english",
                    Weights = new BsonDocument { { "Name", 10 }, { "Brand", 5 }, { "CategoryWords", 5 }, { "Description", 1 } },
                }),
        ], cancellationToken);
        var categoryKeys = Builders<CategoryDocument>.IndexKeys;
        await _categories.Indexes.CreateManyAsync(
        [
            new(categoryKeys.Ascending(c => c.Slug), new CreateIndexOptions { Unique = true, Name = "categories_slug" }),
            new(categoryKeys.Ascending(c => c.Path), new CreateIndexOptions { Unique = true, Name = "categories_path" }),
            new(categoryKeys.Ascending(c => c.ParentId), new CreateIndexOptions { Name = "categories_parent" }),
        ], cancellationToken);
    }

    public async Task<bool> HasProductsAsync(CancellationToken cancellationToken) =>
        await _products.Find(FilterDefinition<ProductDocument>.Empty).Limit(1).AnyAsync(cancellationToken);

    public async Task<IReadOnlyList<Category>> GetCategoriesAsync(CancellationToken cancellationToken)
    {
        var documents = await _categories.Find(FilterDefinition<CategoryDocument>.Empty).SortBy(c => c.Path).ToListAsync(cancellationToken);
        return documents.Select(ToCategory).ToList();
    }

    public async Task AddCategoryAsync(Category category, CancellationToken cancellationToken)
    {
        try
        {
            await _categories.InsertOneAsync(ToDocument(category), cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new DuplicateKeyException("slug", category.Slug, ex);
        }
    }

    public async Task<bool> UpdateCategoryAsync(Category category, string previousPath, CancellationToken cancellationToken)
    {
        ReplaceOneResult result;
        try
        {
            result = await _categories.ReplaceOneAsync(c => c.Id == category.Id, ToDocument(category), cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new DuplicateKeyException("slug", category.Slug, ex);
        }
        if (result.MatchedCount == 0)
        {
            return false;
        }
        if (previousPath != category.Path)
        {
            // Rewrite the prefix of descendants' paths server-side. Not atomic with the replace above without a
            // replica-set transaction; re-running the same update repairs a partial one.
            var descendants = new BsonRegularExpression("^" + Regex.Escape(previousPath + "/"));
            var depthChange = category.Depth - previousPath.Count(c => c == '/');
            var rest = new BsonDocument("$substrCP", new BsonArray { "$Path", previousPath.Length, 100_000 });
            await _categories.UpdateManyAsync(
                Builders<CategoryDocument>.Filter.Regex(c => c.Path, descendants),
                new PipelineUpdateDefinition<CategoryDocument>(new[]
                {
                    new BsonDocument("$set", new BsonDocument
                    {
                        { "Path", new BsonDocument("$concat", new BsonArray { category.Path, rest }) },
                        { "Depth", new BsonDocument("$add", new BsonArray { "$Depth", depthChange }) },
                    }),
                }),
                cancellationToken: cancellationToken);
            var productRest = new BsonDocument("$substrCP", new BsonArray { "$CategoryPath", previousPath.Length, 100_000 });
            await _products.UpdateManyAsync(
                Builders<ProductDocument>.Filter.Or(
                    Builders<ProductDocument>.Filter.Eq(p => p.CategoryPath, previousPath),
                    Builders<ProductDocument>.Filter.Regex(p => p.CategoryPath, descendants)),
                new PipelineUpdateDefinition<ProductDocument>(new[]
                {
                    new BsonDocument("$set", new BsonDocument("CategoryPath", new BsonDocument("$concat", new BsonArray { category.Path, productRest }))),
                    new BsonDocument("$set", new BsonDocument("CategoryWords", CategoryWordsExpression("$CategoryPath"))),
                }),
                cancellationToken: cancellationToken);
        }
        return true;
    }

    public async Task<CategoryDeletion> DeleteCategoryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await _categories.Find(c => c.Id == id).AnyAsync(cancellationToken))
        {
            return CategoryDeletion.NotFound;
        }
        if (await _categories.Find(c => c.ParentId == id).AnyAsync(cancellationToken))
        {
            return CategoryDeletion.HasChildren;
        }
        if (await _products.Find(p => p.CategoryId == id).AnyAsync(cancellationToken))
        {
            return CategoryDeletion.HasProducts;
        }
        await _categories.DeleteOneAsync(c => c.Id == id, cancellationToken);
        return CategoryDeletion.Deleted;
    }

    public async Task<Product?> GetProductAsync(Guid id, CancellationToken cancellationToken) =>
        ToProductOrNull(await _products.Find(p => p.Id == id).FirstOrDefaultAsync(cancellationToken));

    public async Task<Product?> GetProductBySlugAsync(string slug, CancellationToken cancellationToken) =>
        ToProductOrNull(await _products.Find(p => p.Slug == slug).FirstOrDefaultAsync(cancellationToken));

    public async Task<Product?> GetProductBySkuAsync(string sku, CancellationToken cancellationToken) =>
        ToProductOrNull(await _products.Find(Builders<ProductDocument>.Filter.AnyEq(p => p.AllSkus, sku)).FirstOrDefaultAsync(cancellationToken));

    public async Task<IReadOnlyList<Product>> GetProductsAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var filter = Builders<ProductDocument>.Filter.Or(
            Builders<ProductDocument>.Filter.In(p => p.Id, ids),
            Builders<ProductDocument>.Filter.AnyIn(p => p.AllSkus, skus));
        var documents = await _products.Find(filter).ToListAsync(cancellationToken);
        return documents.Select(ToProduct).ToList();
    }

    public async Task<ProductPage> ListProductsAsync(ProductFilter filter, ProductSort sort, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var f = Builders<ProductDocument>.Filter;
        var query = Filter(filter);
        if (after is not null)
        {
            var sku = after.LastSku;
            query &= after.Sort switch
            {
                ProductSort.PriceAscending => f.Or(f.Gt(p => p.Price, after.LastPrice ?? 0m), f.And(f.Eq(p => p.Price, after.LastPrice ?? 0m), f.Gt(p => p.Sku, sku))),
                ProductSort.PriceDescending => f.Or(f.Lt(p => p.Price, after.LastPrice ?? 0m), f.And(f.Eq(p => p.Price, after.LastPrice ?? 0m), f.Gt(p => p.Sku, sku))),
                ProductSort.Name => f.Or(f.Gt(p => p.Name, after.LastName ?? ""), f.And(f.Eq(p => p.Name, after.LastName ?? ""), f.Gt(p => p.Sku, sku))),
                _ => f.Or(f.Lt(p => p.CreatedAt, after.LastCreatedAt ?? DateTimeOffset.MaxValue), f.And(f.Eq(p => p.CreatedAt, after.LastCreatedAt ?? DateTimeOffset.MaxValue), f.Gt(p => p.Sku, sku))),
            };
        }
        var s = Builders<ProductDocument>.Sort;
        var order = sort switch
        {
            ProductSort.PriceAscending => s.Ascending(p => p.Price).Ascending(p => p.Sku),
            ProductSort.PriceDescending => s.Descending(p => p.Price).Ascending(p => p.Sku),
            ProductSort.Name => s.Ascending(p => p.Name).Ascending(p => p.Sku),
            _ => s.Descending(p => p.CreatedAt).Ascending(p => p.Sku),
        };
        // Binary (simple) collation on both sort and comparison, so the keyset and the order agree.
        var documents = await _products.Find(query).Sort(order).Limit(limit + 1).ToListAsync(cancellationToken);
        var items = documents.Take(limit).Select(ToProduct).ToList();
        return new ProductPage(items, documents.Count > limit ? Postgres.PostgresCatalogStore.CursorAfter(items[^1], sort) : null);
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, ProductFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        var query = Builders<ProductDocument>.Filter.Text(text, new TextSearchOptions { Language = "english" }) & Filter(filter);
        var documents = await _products.Find(query)
            .Project<BsonDocument>(Builders<ProductDocument>.Projection.MetaTextScore("Score"))
            .Sort(Builders<ProductDocument>.Sort.MetaTextScore("Score").Ascending(p => p.Sku))
            .Skip(offset).Limit(limit)
            .ToListAsync(cancellationToken);
        return documents
            .Select(d =>
            {
                var score = d["Score"].ToDouble();
                d.Remove("Score");
                return new SearchHit(ToProduct(BsonSerializer.Deserialize<ProductDocument>(d)), score);
            })
            .ToList();
    }

    public async Task<ProductFacets> GetFacetsAsync(ProductFilter filter, CancellationToken cancellationToken)
    {
        var rows = await _products.Find(Filter(filter))
            .Project(p => new { p.Brand, p.Price, p.Currency, p.Facets })
            .ToListAsync(cancellationToken);
        var brands = rows.Where(r => r.Brand is not null)
            .GroupBy(r => r.Brand!, StringComparer.Ordinal)
            .Select(g => new FacetCount(g.Key, g.LongCount()))
            .OrderByDescending(b => b.Count).ThenBy(b => b.Value, StringComparer.Ordinal)
            .ToList();
        // Per currency: a price range is only meaningful within one currency.
        var range = PriceRanges.Fold(rows.GroupBy(r => r.Currency, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Min(r => r.Price), g.Max(r => r.Price))).ToList());
        var documents = rows.Select(r => (IReadOnlyDictionary<string, string[]>)r.Facets.Elements.ToDictionary(
            e => e.Name, e => e.Value.AsBsonArray.Select(v => v.AsString).ToArray(), StringComparer.Ordinal));
        return new ProductFacets(
            rows.Count,
            brands,
            FacetCounting.Count(documents),
            range.Min,
            range.Max,
            range.Currency);
    }

    public async Task AddProductsAsync(IReadOnlyList<(Product Product, ProductUpserted Event)> products, CancellationToken cancellationToken)
    {
        var skus = products.SelectMany(p => p.Product.AllSkus).ToList();
        var taken = await _products.Find(Builders<ProductDocument>.Filter.AnyIn(p => p.AllSkus, skus))
            .Project(p => p.AllSkus).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            throw new DuplicateKeyException("sku", taken.Intersect(skus).First());
        }
        // Each product document carries its own event: a product is stored with its event or not at all (an ordered
        // insert that stops at a duplicate keeps the products before it, each with its event).
        var now = _time.GetUtcNow();
        var documents = products.Select(p =>
        {
            var document = ToDocument(p.Product);
            document.Outbox = [MongoOutbox.Entry(p.Event, now)];
            return document;
        });
        try
        {
            await _products.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = true }, cancellationToken);
        }
        catch (MongoBulkWriteException ex) when (ex.WriteErrors.Any(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            var error = ex.WriteErrors.First(e => e.Category == ServerErrorCategory.DuplicateKey);
            var product = products[error.Index].Product;
            throw error.Message.Contains("products_slug", StringComparison.Ordinal)
                ? new DuplicateKeyException("slug", product.Slug, ex)
                : new DuplicateKeyException("sku", "(concurrent insert)", ex);
        }
        finally
        {
            _outboxSignal?.Notify();
        }
    }

    public async Task<UpdateOutcome> UpdateProductAsync(Product product, long expectedVersion, ProductUpserted @event, CancellationToken cancellationToken)
    {
        UpdateResult result;
        try
        {
            // The replacement and its event in one document write; events still pending in the document stay.
            result = await _products.UpdateOneAsync(p => p.Id == product.Id && p.Version == expectedVersion,
                MongoOutbox.ReplaceWithEvents(ToDocument(product), [@event], _time.GetUtcNow()), cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw ex.WriteError.Message.Contains("products_slug", StringComparison.Ordinal)
                ? new DuplicateKeyException("slug", product.Slug, ex)
                : new DuplicateKeyException("sku", await FirstTakenSkuAsync(product, cancellationToken), ex);
        }
        if (result.MatchedCount == 0)
        {
            return await _products.Find(p => p.Id == product.Id).AnyAsync(cancellationToken) ? UpdateOutcome.VersionMismatch : UpdateOutcome.NotFound;
        }
        _outboxSignal?.Notify();
        return UpdateOutcome.Updated;
    }

    private async Task<string> FirstTakenSkuAsync(Product product, CancellationToken cancellationToken)
    {
        var skus = product.AllSkus.ToList();
        var other = await _products.Find(Builders<ProductDocument>.Filter.AnyIn(p => p.AllSkus, skus) & Builders<ProductDocument>.Filter.Ne(p => p.Id, product.Id))
            .Project(p => p.AllSkus).FirstOrDefaultAsync(cancellationToken);
        return other?.Intersect(skus).FirstOrDefault() ?? product.Sku;
    }

    private static FilterDefinition<ProductDocument> Filter(ProductFilter filter)
    {
        var f = Builders<ProductDocument>.Filter;
        var query = f.Empty;
        if (filter.Status is { } status)
        {
            query &= f.Eq(p => p.Status, status.ToString());
        }
        if (filter.CategoryPath is { } path)
        {
            query &= f.Or(f.Eq(p => p.CategoryPath, path), f.Regex(p => p.CategoryPath, new BsonRegularExpression("^" + Regex.Escape(path + "/"))));
        }
        if (filter.Brands.Count > 0)
        {
            query &= f.In(p => p.Brand, filter.Brands);
        }
        if (filter.Currency is { } currency)
        {
            query &= f.Eq(p => p.Currency, currency);
        }
        if (filter.MinPrice is { } min)
        {
            query &= f.Gte(p => p.Price, min);
        }
        if (filter.MaxPrice is { } max)
        {
            query &= f.Lte(p => p.Price, max);
        }
        foreach (var (name, values) in filter.Attributes.Where(a => a.Value.Count > 0))
        {
            // Facets.<name> is an array of values: $in matches when any offered value is accepted.
            query &= f.In(new StringFieldDefinition<ProductDocument, string>($"Facets.{name}"), values);
        }
        return query;
    }

    private static BsonValue CategoryWordsExpression(string pathField) =>
        new BsonDocument("$replaceAll", new BsonDocument
        {
            { "input", new BsonDocument("$replaceAll", new BsonDocument { { "input", pathField }, { "find", "/" }, { "replacement", " " } }) },
            { "find", "-" },
            { "replacement", " " },
        });

    private static string CategoryWords(string path) => path.Replace('/', ' ').Replace('-', ' ');

    private static BsonDocument ToBson(IReadOnlyDictionary<string, JsonElement> attributes) =>
        BsonDocument.Parse(CatalogJson.Serialize(attributes));

    private static Dictionary<string, JsonElement> FromBson(BsonDocument document) =>
        document.Elements.ToDictionary(
            e => e.Name,
            e => e.Value.BsonType switch
            {
                BsonType.String => JsonSerializer.SerializeToElement(e.Value.AsString),
                BsonType.Boolean => JsonSerializer.SerializeToElement(e.Value.AsBoolean),
                BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128 => JsonSerializer.SerializeToElement(e.Value.ToDecimal()),
                _ => JsonSerializer.SerializeToElement(e.Value.ToString()),
            },
            StringComparer.Ordinal);

    private static ProductDocument ToDocument(Product product) => new()
    {
        Id = product.Id,
        Sku = product.Sku,
        AllSkus = product.AllSkus.ToArray(),
        Name = product.Name,
        Slug = product.Slug,
        Description = product.Description,
        Brand = product.Brand,
        CategoryId = product.CategoryId,
        CategoryPath = product.CategoryPath,
        CategoryWords = CategoryWords(product.CategoryPath),
        Price = product.Price,
        Currency = product.Currency,
        CompareAtPrice = product.CompareAtPrice,
        Images = product.Images.ToArray(),
        Status = product.Status.ToString(),
        Attributes = ToBson(product.Attributes),
        Variants = product.Variants.Select(v => new VariantDocument { Sku = v.Sku, Name = v.Name, Price = v.Price, Attributes = ToBson(v.Attributes) }).ToArray(),
        Facets = new BsonDocument(product.FacetValues().Select(kv => new BsonElement(kv.Key, new BsonArray(kv.Value)))),
        CreatedAt = product.CreatedAt,
        UpdatedAt = product.UpdatedAt,
        Version = product.Version,
    };

    private static Product? ToProductOrNull(ProductDocument? document) => document is null ? null : ToProduct(document);

    private static Product ToProduct(ProductDocument d) => new()
    {
        Id = d.Id,
        Sku = d.Sku,
        Name = d.Name,
        Slug = d.Slug,
        Description = d.Description,
        Brand = d.Brand,
        CategoryId = d.CategoryId,
        CategoryPath = d.CategoryPath,
        Price = d.Price,
        Currency = d.Currency,
        CompareAtPrice = d.CompareAtPrice,
        Images = d.Images,
        Status = Enum.Parse<ProductStatus>(d.Status),
        Attributes = FromBson(d.Attributes),
        Variants = d.Variants.Select(v => new ProductVariant(v.Sku, v.Name, v.Price, FromBson(v.Attributes))).ToList(),
        CreatedAt = d.CreatedAt,
        UpdatedAt = d.UpdatedAt,
        Version = d.Version,
    };

    private static CategoryDocument ToDocument(Category c) => new()
    {
        Id = c.Id,
        ParentId = c.ParentId,
        Slug = c.Slug,
        Name = c.Name,
        Path = c.Path,
        Depth = c.Depth,
        Attributes = CatalogJson.Serialize(c.Attributes),
        UpdatedAt = c.UpdatedAt,
    };

    private static Category ToCategory(CategoryDocument d) => new()
    {
        Id = d.Id,
        ParentId = d.ParentId,
        Slug = d.Slug,
        Name = d.Name,
        Path = d.Path,
        Depth = d.Depth,
        Attributes = CatalogJson.Deserialize<List<AttributeDefinition>>(d.Attributes),
        UpdatedAt = d.UpdatedAt,
    };
}
