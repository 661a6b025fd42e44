namespace Vargo.DemoData;

/// <summary>
/// A node of the demo category tree. <see cref="Path"/> is the materialized path of slugs from the root
/// ("footwear/athletic/running-shoes"); products hang off leaves only.
/// </summary>
public sealed record DemoCategory(
    Guid Id,
    string Slug,
    string Name,
    Guid? ParentId,
    string Path,
    int Depth,
    IReadOnlyList<DemoAttributeDefinition> Attributes)
{
    public bool IsLeaf { get; init; }
}

/// <summary>An attribute a category's products carry. <see cref="AllowedValues"/> is set for <see cref="DemoAttributeType.Enum"/> only.</summary>
public sealed record DemoAttributeDefinition(
    string Name,
    DemoAttributeType Type,
    IReadOnlyList<string>? AllowedValues = null,
    string? Unit = null);

public enum DemoAttributeType
{
    Text,
    Number,
    Boolean,
    Enum,
}
