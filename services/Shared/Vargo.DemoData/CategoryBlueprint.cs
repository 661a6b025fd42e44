namespace Vargo.DemoData;

/// <summary>A node of the hand-written tree the demo catalog grows from; leaves carry <see cref="LeafContent"/>.</summary>
internal sealed record CategoryBlueprint(
    string Slug,
    string Name,
    AttributeBlueprint[] Attributes,
    CategoryBlueprint[] Children,
    LeafContent? Leaf = null);

/// <summary>An attribute definition plus the values the generator picks from.</summary>
internal sealed record AttributeBlueprint(DemoAttributeDefinition Definition, string[] Samples);

/// <summary>
/// What products of a leaf look like. <see cref="NamePattern"/> uses {brand} {model} {qualifier} {noun}.
/// <see cref="VariantAxes"/> name the attributes variants differ by; <see cref="PricedAxisStep"/> is added to the
/// price for each step up the first axis (bigger storage, larger capacity), zero when the axis does not change price.
/// </summary>
internal sealed record LeafContent(
    string SkuCode,
    string Noun,
    string[] Brands,
    string[] Models,
    string[] Qualifiers,
    decimal MinPrice,
    decimal MaxPrice,
    string[] Pitches,
    string[] VariantAxes,
    decimal PricedAxisStep = 0m,
    string NamePattern = "{brand} {model} {qualifier} {noun}");
