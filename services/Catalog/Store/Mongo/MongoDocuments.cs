using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using Vargo.Messaging.Outbox.Mongo;

namespace Vargo.Catalog.Store.Mongo;

/// <summary>
/// A product in the <c>products</c> collection. <see cref="AllSkus"/> (product and variant SKUs) carries a unique
/// multikey index, which keeps every SKU unique across the catalog; <see cref="Facets"/> (attribute → values
/// offered) is what filters match; <see cref="CategoryWords"/> feeds the text index. <see cref="Outbox"/> holds the
/// product's <c>ProductUpserted</c> events until the relay has published them (written with the product, atomically).
/// </summary>
internal sealed class ProductDocument
{
    [BsonId] public Guid Id { get; set; }
    public required string Sku { get; set; }
    public required string[] AllSkus { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    [BsonIgnoreIfNull] public string? Description { get; set; }
    [BsonIgnoreIfNull] public string? Brand { get; set; }
    public Guid CategoryId { get; set; }
    public required string CategoryPath { get; set; }
    public required string CategoryWords { get; set; }
    [BsonRepresentation(BsonType.Decimal128)] public decimal Price { get; set; }
    public required string Currency { get; set; }
    [BsonRepresentation(BsonType.Decimal128)] public decimal? CompareAtPrice { get; set; }
    public string[] Images { get; set; } = [];
    public required string Status { get; set; }
    public required BsonDocument Attributes { get; set; }
    public required VariantDocument[] Variants { get; set; }
    public required BsonDocument Facets { get; set; }
    [BsonRepresentation(BsonType.DateTime)] public DateTimeOffset CreatedAt { get; set; }
    [BsonRepresentation(BsonType.DateTime)] public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
    [BsonElement(MongoOutbox.Field), BsonIgnoreIfNull] public List<MongoOutboxEntry>? Outbox { get; set; }
}

internal sealed class VariantDocument
{
    public required string Sku { get; set; }
    [BsonIgnoreIfNull] public string? Name { get; set; }
    [BsonRepresentation(BsonType.Decimal128)] public decimal Price { get; set; }
    public required BsonDocument Attributes { get; set; }
}

internal sealed class CategoryDocument
{
    [BsonId] public Guid Id { get; set; }
    [BsonIgnoreIfNull] public Guid? ParentId { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string Path { get; set; }
    public int Depth { get; set; }
    /// <summary>The attribute definitions as JSON (same document both stores keep).</summary>
    public required string Attributes { get; set; }
    [BsonRepresentation(BsonType.DateTime)] public DateTimeOffset UpdatedAt { get; set; }
}
