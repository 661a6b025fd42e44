using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Vargo.Catalog.Model;
using Vargo.Catalog.Store;
using Vargo.Iso;

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
        string? currency = null;
        if (query["currency"].FirstOrDefault() is { Length: > 0 } code)
        {
            currency = code;
            if (!Currencies.IsActive(code))
            {
                errors["currency"] = ["currency is an active ISO 4217 code in upper case (USD, EUR, JPY)."];
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
            Currency = currency,
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

    /// <summary>
    /// Reads a cursor back, or null when it is not one this service could have issued. Cursors come from the client,
    /// so every field is checked the way <see cref="Store.Postgres.PostgresCatalogStore.CursorAfter"/> writes it: the
    /// sort's own key present and the others absent, timestamps in UTC (the store compares them with timestamptz),
    /// prices non-negative, names and SKUs within the product rules. A well-formed cursor the server did not issue
    /// can only position a page, never fail it.
    /// </summary>
    public static PageCursor? DecodeCursor(string value)
    {
        if (value.Length > MaxCursorLength)
        {
            return null;
        }
        try
        {
            var cursor = JsonSerializer.Deserialize<PageCursor>(Base64Url.DecodeFromChars(value), CatalogJson.Options);
            return cursor is not null && IsWellFormed(cursor) ? cursor : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private const int MaxCursorLength = 1024;

    private static bool IsWellFormed(PageCursor cursor) =>
        cursor.LastSku is { } sku && Products.ProductValidator.IsValidSku(sku)
        && cursor.Sort switch
        {
            ProductSort.Newest => cursor is { LastCreatedAt.Offset.Ticks: 0, LastName: null, LastPrice: null },
            ProductSort.PriceAscending or ProductSort.PriceDescending =>
                cursor is { LastPrice: >= 0m, LastName: null, LastCreatedAt: null },
            ProductSort.Name => cursor is { LastName.Length: > 0 and <= 200, LastPrice: null, LastCreatedAt: null }
                && !Microsoft.Extensions.Hosting.InputRules.HasForbiddenCharacter(cursor.LastName, allowLineBreaks: false),
            _ => false,
        };

    /// <summary>
    /// A cache key exactly as specific as the request: built from what was parsed and will be queried (operation,
    /// filter, sort, cursor, paging, search text), never from the raw query string, so two requests share an entry
    /// only when they ask the store the same thing. Hashed: a long filter must not exceed the cache's key limit.
    /// </summary>
    public static string CacheKey(string operation, ProductFilter filter, params object?[] parts)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new object?[] { filter, parts }, CatalogJson.Options);
        return $"{operation}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json))}";
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
