namespace Vargo.DemoData;

/// <summary>
/// A demo product. Attribute values are written as invariant strings ("42", "true", "Black"); their type is
/// the one the category declares. A product without variants is sold by its own <see cref="Sku"/>; a product
/// with variants is sold by the variants' SKUs only (its own SKU is then a parent SKU).
/// </summary>
public sealed record DemoProduct(
    Guid Id,
    string Sku,
    string Name,
    string Slug,
    string Description,
    string Brand,
    Guid CategoryId,
    string CategoryPath,
    decimal Price,
    string Currency,
    decimal? CompareAtPrice,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<DemoVariant> Variants,
    DateTimeOffset CreatedAt)
{
    /// <summary>The SKUs a customer can put in a cart: the variants' when there are any, else the product's own.</summary>
    public IEnumerable<string> SellableSkus => Variants.Count == 0 ? [Sku] : Variants.Select(v => v.Sku);
}

/// <summary>A variant: its own SKU and price, and the attribute values that set it apart (size, colour, capacity…).</summary>
public sealed record DemoVariant(string Sku, string Name, decimal Price, IReadOnlyDictionary<string, string> Attributes);
