using System.Text.Json;

namespace Vargo.Catalog.Products;

/// <summary>
/// What an admin sends to create or replace a product (also one line of a JSON-lines import). Everything is
/// nullable so validation can name each missing field instead of failing deserialization.
/// The category is given by <see cref="CategoryId"/> or <see cref="CategorySlug"/>.
/// </summary>
public sealed record ProductInput(
    string? Sku,
    string? Name,
    string? Slug = null,
    string? Description = null,
    string? Brand = null,
    Guid? CategoryId = null,
    string? CategorySlug = null,
    decimal? Price = null,
    string? Currency = null,
    decimal? CompareAtPrice = null,
    IReadOnlyList<string>? Images = null,
    string? Status = null,
    IReadOnlyDictionary<string, JsonElement>? Attributes = null,
    IReadOnlyList<VariantInput>? Variants = null);

public sealed record VariantInput(string? Sku, string? Name = null, decimal? Price = null, IReadOnlyDictionary<string, JsonElement>? Attributes = null);
