namespace Vargo.Recommendation.Data;

/// <summary>
/// What the service knows of a catalog product: the fields search shows and filters on, the text it was embedded
/// from, and its vector stamped with the model that made it (<see cref="EmbeddingModel"/>, <see cref="EmbeddingDimensions"/>).
/// </summary>
public sealed class ProductRecord
{
    public Guid Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? Brand { get; set; }
    public Guid CategoryId { get; set; }
    public required string CategoryPath { get; set; }

    /// <summary>The lowest price a shopper can pay: the product's or its cheapest variant's.</summary>
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public required string Status { get; set; }
    public string[] VariantSkus { get; set; } = [];
    public required string Text { get; set; }

    public float[]? Embedding { get; set; }
    public string? EmbeddingModel { get; set; }
    public int EmbeddingDimensions { get; set; }

    /// <summary>OccurredAt of the event this row reflects; an older event arriving late is ignored.</summary>
    public DateTimeOffset SourceOccurredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsActive => string.Equals(Status, "Active", StringComparison.OrdinalIgnoreCase);
}
