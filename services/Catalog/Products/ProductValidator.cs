using System.Text.Json;
using System.Text.RegularExpressions;
using Vargo.Catalog.Model;
using Vargo.DemoData;
using Vargo.Iso;

namespace Vargo.Catalog.Products;

/// <summary>
/// Checks a <see cref="ProductInput"/> against the rules and the attribute definitions of its category and its
/// ancestors, and builds the <see cref="Product"/>. Errors are keyed by the request field ("price",
/// "attributes.size", "variants[1].sku") for RFC 9457 validation problems.
/// </summary>
public static partial class ProductValidator
{
    public const int MaxSkuLength = 64;
    public const int MaxVariants = 100;
    public const int MaxImages = 20;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SkuPattern();

    /// <summary>A SKU as products store it: 1 to 64 letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValidSku(string sku) => SkuPattern().IsMatch(sku);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    public static partial Regex SlugPattern();

    public static (Product? Product, Dictionary<string, string[]> Errors) Validate(
        ProductInput input,
        IReadOnlyList<Category> categories,
        Guid id,
        DateTimeOffset createdAt,
        DateTimeOffset now,
        long version)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) =>
            errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        var sku = input.Sku?.Trim();
        if (string.IsNullOrEmpty(sku))
        {
            Add("sku", "A SKU is required.");
        }
        else if (!SkuPattern().IsMatch(sku))
        {
            Add("sku", $"A SKU is 1 to {MaxSkuLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Add("name", "A name is required.");
        }
        else if (name.Length > 200)
        {
            Add("name", "A name has at most 200 characters.");
        }

        var slug = string.IsNullOrWhiteSpace(input.Slug) ? DemoCatalog.Slugify(name ?? "") : input.Slug.Trim();
        if (!SlugPattern().IsMatch(slug) || slug.Length > 200)
        {
            Add("slug", "A slug is lower-case letters and digits separated by single hyphens (at most 200 characters).");
        }

        if (input.Description is { Length: > 5000 })
        {
            Add("description", "A description has at most 5000 characters.");
        }
        if (input.Brand is { Length: > 100 })
        {
            Add("brand", "A brand has at most 100 characters.");
        }

        var category = input.CategoryId is { } categoryId
            ? categories.FirstOrDefault(c => c.Id == categoryId)
            : input.CategorySlug is { } categorySlug ? categories.FirstOrDefault(c => c.Slug == categorySlug) : null;
        if (category is null)
        {
            Add(input.CategoryId is null && input.CategorySlug is not null ? "categorySlug" : "categoryId",
                input.CategoryId is null && input.CategorySlug is null ? "A category is required." : "The category does not exist.");
        }

        // The currency first: every price of the product is checked against its minor units (JPY 0, KWD 3).
        var currency = input.Currency?.Trim();
        if (string.IsNullOrEmpty(currency))
        {
            Add("currency", "An ISO 4217 currency code is required.");
        }
        else if (!Currencies.IsActive(currency))
        {
            Add("currency", $"'{currency}' is not an active ISO 4217 currency code (three upper-case letters, e.g. USD).");
            currency = null;
        }

        ValidatePrice("price", input.Price, currency, required: true, Add);
        ValidatePrice("compareAtPrice", input.CompareAtPrice, currency, required: false, Add);
        if (input.CompareAtPrice is { } compareAt && input.Price is { } price && compareAt < price)
        {
            Add("compareAtPrice", "The compare-at price cannot be below the price.");
        }


        var images = input.Images ?? [];
        for (var i = 0; i < images.Count; i++)
        {
            if (!IsImageUrl(images[i]))
            {
                Add($"images[{i}]", "An image is an absolute http(s) URL or a path starting with '/'.");
            }
        }

        var status = ProductStatus.Active;
        if (input.Status is not null && !Enum.TryParse(input.Status, ignoreCase: true, out status) || !Enum.IsDefined(status))
        {
            Add("status", "The status is one of draft, active, archived.");
        }

        var definitions = category is null
            ? new Dictionary<string, AttributeDefinition>()
            : EffectiveDefinitions(category, categories);
        if (category is not null)
        {
            ValidateAttributes("attributes", input.Attributes, definitions, category, Add);
        }

        var variants = input.Variants ?? [];
        if (variants.Count > MaxVariants)
        {
            Add("variants", $"A product has at most {MaxVariants} variants.");
        }
        var variantSkus = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var field = $"variants[{i}]";
            if (variant is null)
            {
                Add(field, "A variant is required (null is not a variant).");
                continue;
            }
            var variantSku = variant.Sku?.Trim();
            if (string.IsNullOrEmpty(variantSku) || !SkuPattern().IsMatch(variantSku))
            {
                Add($"{field}.sku", $"A variant SKU is 1 to {MaxSkuLength} letters, digits, '.', '_' or '-'.");
            }
            else if (variantSku == sku || !variantSkus.Add(variantSku))
            {
                Add($"{field}.sku", $"The SKU '{variantSku}' appears more than once in this product.");
            }
            ValidatePrice($"{field}.price", variant.Price, currency, required: true, Add);
            if (category is not null)
            {
                ValidateAttributes($"{field}.attributes", variant.Attributes, definitions, category, Add);
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var variantList = variants
            .Select(v => new ProductVariant(v.Sku!.Trim(), v.Name?.Trim(), v.Price!.Value, v.Attributes ?? new Dictionary<string, JsonElement>()))
            .ToList();
        var product = new Product
        {
            Id = id,
            Sku = sku!,
            Name = name!,
            Slug = slug,
            Description = input.Description?.Trim(),
            Brand = string.IsNullOrWhiteSpace(input.Brand) ? null : input.Brand.Trim(),
            CategoryId = category!.Id,
            CategoryPath = category.Path,
            Price = input.Price!.Value,
            Currency = currency!,
            CompareAtPrice = input.CompareAtPrice,
            Images = images.Count > 0 ? images : [PlaceholderImageUrl(slug)],
            Status = status,
            Attributes = input.Attributes ?? new Dictionary<string, JsonElement>(),
            Variants = variantList,
            CreatedAt = createdAt,
            UpdatedAt = now,
            Version = version,
        };
        return (product, errors);
    }

    public static string PlaceholderImageUrl(string slug) => $"/api/catalog/images/{slug}.svg";

    /// <summary>The definitions of a category and all its ancestors; a nearer category wins on a name clash.</summary>
    public static Dictionary<string, AttributeDefinition> EffectiveDefinitions(Category category, IReadOnlyList<Category> categories) =>
        categories
            .Where(c => c.IsSelfOrAncestorOf(category.Path))
            .OrderBy(c => c.Depth)
            .SelectMany(c => c.Attributes)
            .GroupBy(d => d.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>
    /// A price is 0 to 10,000,000 with no more decimals than its currency has (never rounded: 100.50 JPY is
    /// refused, not stored as 100). With no valid currency only the range is checked; the currency carries the error.
    /// </summary>
    private static void ValidatePrice(string field, decimal? value, string? currency, bool required, Action<string, string> add)
    {
        if (value is null)
        {
            if (required)
            {
                add(field, "A price is required.");
            }
            return;
        }
        if (value < 0)
        {
            add(field, "A price cannot be negative.");
        }
        else if (value > 10_000_000m)
        {
            add(field, "A price is at most 10,000,000.");
        }
        else if (currency is not null && Currencies.Check(value.Value, currency) is { } problem)
        {
            add(field, problem);
        }
    }

    private static void ValidateAttributes(
        string prefix,
        IReadOnlyDictionary<string, JsonElement>? attributes,
        Dictionary<string, AttributeDefinition> definitions,
        Category category,
        Action<string, string> add)
    {
        foreach (var (name, value) in attributes ?? new Dictionary<string, JsonElement>())
        {
            var field = $"{prefix}.{name}";
            if (!definitions.TryGetValue(name, out var definition))
            {
                add(field, $"'{name}' is not an attribute of category '{category.Slug}' (allowed: {string.Join(", ", definitions.Keys.Order())}).");
                continue;
            }
            var problem = definition.Type switch
            {
                AttributeType.Number when value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out _) => "must be a number",
                AttributeType.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "must be true or false",
                AttributeType.Text when value.ValueKind != JsonValueKind.String => "must be a string",
                AttributeType.Text when value.GetString()!.Length > 500 => "has at most 500 characters",
                AttributeType.Enum when value.ValueKind != JsonValueKind.String => $"must be one of: {string.Join(", ", definition.AllowedValues ?? [])}",
                AttributeType.Enum when definition.AllowedValues is { } allowed && !allowed.Contains(value.GetString()!) => $"must be one of: {string.Join(", ", allowed)}",
                _ => null,
            };
            if (problem is not null)
            {
                add(field, $"'{name}' {problem}.");
            }
        }
    }

    private static bool IsImageUrl(string? value) =>
        value is { Length: <= 2000 }
        && ((value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal))
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"));
}
