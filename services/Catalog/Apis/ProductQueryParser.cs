using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vargo.Catalog.Model;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Apis;

/// <summary>
/// Reads list/search/facet query strings: <c>category</c> (slug, includes descendants), <c>brand</c> (repeatable),
/// <c>minPrice</c>, <c>maxPrice</c>, <c>attr.{name}={value}</c> (repeatable: OR within a name, AND across names),
/// <c>sort</c> (newest | price | -price | name), <c>limit</c>, <c>cursor</c>.
/// </summary>
public static class ProductQueryParser
{
    public const int DefaultLimit = 24;
    public const int MaxLimit = 100;
    private const string AttributePrefix = "attr.";

    public static (ProductFilter Filter, Dictionary<string, string[]> Errors) ParseFilter(IQueryCollection query, IReadOnlyList<Category> categories)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? categoryPath = null;
        if (query["category"].FirstOrDefault() is { Length: > 0 } slug)
        {
            categoryPath = categories.FirstOrDefault(c => c.Slug == slug)?.Path;
            if (categoryPath is null)
            {
                errors["category"] = [$"No category has the slug '{slug}'."];
            }
        }
        var minPrice = ParseDecimal(query, "minPrice", errors);
        var maxPrice = ParseDecimal(query, "maxPrice", errors);
        if (minPrice > maxPrice)
        {
            errors["maxPrice"] = ["maxPrice cannot be below minPrice."];
        }

        var attributes = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (key.StartsWith(AttributePrefix, StringComparison.Ordinal) && key.Length > AttributePrefix.Length)
            {
                attributes[key[AttributePrefix.Length..]] = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct().Order(StringComparer.Ordinal).ToList();
            }
        }

        var filter = new ProductFilter
        {
            CategoryPath = categoryPath,
            Brands = query["brand"].Where(b => !string.IsNullOrEmpty(b)).Select(b => b!).Distinct().Order(StringComparer.Ordinal).ToList(),
            MinPrice = minPrice,
            MaxPrice = maxPrice,
            Attributes = attributes,
        };
        return (filter, errors);
    }

    public static ProductSort? ParseSort(string? sort) => sort switch
    {
        null or "" or "newest" => ProductSort.Newest,
        "price" => ProductSort.PriceAscending,
        "-price" => ProductSort.PriceDescending,
        "name" => ProductSort.Name,
        _ => null,
    };

    public static int? ParseLimit(string? value, int defaultLimit = DefaultLimit, int maxLimit = MaxLimit) =>
        string.IsNullOrEmpty(value) ? defaultLimit
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= maxLimit ? limit
        : null;

    public static int? ParseOffset(string? value) =>
        string.IsNullOrEmpty(value) ? 0
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= 1000 ? offset
        : null;

    public static string EncodeCursor(PageCursor cursor) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor, CatalogJson.Options));

    public static PageCursor? DecodeCursor(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<PageCursor>(Base64Url.DecodeFromChars(value), CatalogJson.Options) is { LastSku: not null } cursor ? cursor : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A cache key for a query: the parameters in a fixed order, so equivalent URLs share an entry.</summary>
    public static string CacheKey(string operation, IQueryCollection query)
    {
        var key = new StringBuilder(operation).Append('?');
        foreach (var (name, values) in query.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                key.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? "")).Append('&');
            }
        }
        return key.ToString();
    }

    private static decimal? ParseDecimal(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var result) && result >= 0)
        {
            return result;
        }
        errors[name] = [$"{name} is a non-negative number."];
        return null;
    }
}
