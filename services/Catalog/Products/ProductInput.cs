using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Vargo.Catalog.Products;

/// <summary>
/// What an admin sends to create or replace a product (also one line of a JSON-lines import). Everything is
/// nullable so validation can name each missing field instead of failing deserialization.
/// The category is given by <see cref="CategoryId"/> or <see cref="CategorySlug"/>.
/// </summary>
/// <remarks>
/// Field rules (the attributes, also in the OpenAPI document; the rest is code in <see cref="ProductValidator"/>
/// because it depends on the category's attribute schema): sku 1–64 of letters, digits, '.', '_', '-'; name 1–200;
/// slug at most 200, lower-case words joined by '-'; description at most 5000; brand at most 100; at most 20 images
/// and 100 variants.
/// </remarks>
public sealed record ProductInput(
    [property: MaxLength(ProductValidator.MaxSkuLength)] string? Sku,
    [property: MaxLength(200)] string? Name,
    [property: MaxLength(200)] string? Slug = null,
    [property: MaxLength(5000)] string? Description = null,
    [property: MaxLength(100)] string? Brand = null,
    Guid? CategoryId = null,
    [property: MaxLength(200)] string? CategorySlug = null,
    decimal? Price = null,
    string? Currency = null,
    decimal? CompareAtPrice = null,
    [property: MaxLength(ProductValidator.MaxImages)] IReadOnlyList<string>? Images = null,
    [property: MaxLength(20)] string? Status = null,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null,
    [property: MaxLength(ProductValidator.MaxVariants)] IReadOnlyList<VariantInput>? Variants = null);

/// <summary>A variant: sku as for products, name at most 200 characters.</summary>
public sealed record VariantInput(
    [property: MaxLength(ProductValidator.MaxSkuLength)] string? Sku,
    [property: MaxLength(200)] string? Name = null,
    decimal? Price = null,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null);
