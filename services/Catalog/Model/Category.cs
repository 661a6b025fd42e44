using System.ComponentModel.DataAnnotations;

namespace Vargo.Catalog.Model;

/// <summary>
/// A node of the category tree. <see cref="Path"/> is the materialized path of slugs from the root
/// ("footwear/athletic-shoes/running-shoes"), so "this category and its descendants" is a prefix match.
/// <see cref="Attributes"/> are the definitions declared here; a product is validated against those of its
/// category and of every ancestor.
/// </summary>
public sealed record Category
{
    public required Guid Id { get; init; }
    public Guid? ParentId { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }
    public int Depth { get; init; }
    public IReadOnlyList<AttributeDefinition> Attributes { get; init; } = [];
    public required DateTimeOffset UpdatedAt { get; init; }

    public bool IsSelfOrAncestorOf(string path) => path == Path || path.StartsWith(Path + "/", StringComparison.Ordinal);
}

/// <summary>An attribute products of a category carry: name lower-case (at most 50), at most 100 allowed values, unit at most 20.</summary>
public sealed record AttributeDefinition(
    [property: Required, MaxLength(50)] string Name,
    AttributeType Type,
    [property: MaxLength(100)] IReadOnlyList<string>? AllowedValues = null,
    [property: MaxLength(20)] string? Unit = null);

public enum AttributeType
{
    Text,
    Number,
    Boolean,
    Enum,
}
