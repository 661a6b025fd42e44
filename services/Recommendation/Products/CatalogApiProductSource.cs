using System.Globalization;
using System.Net;
using System.Text.Json;
using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Products;

/// <summary>
/// The catalog's public REST API (http://catalog by service discovery): the keyset-paginated list
/// (GET /api/catalog/products?sort=name&amp;limit=&amp;cursor=) for the ids, then each product's details
/// (GET /api/catalog/products/{id}, cached by the catalog) for the text the events carry: description, attributes, variants.
/// </summary>
public sealed class CatalogApiProductSource(HttpClient http) : ICatalogProductSource
{
    private const int DetailParallelism = 4;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int?> CountAsync(CancellationToken cancellationToken)
    {
        var facets = await http.GetFromJsonAsync<JsonElement>("/api/catalog/products/facets", Json, cancellationToken);
        return facets.TryGetProperty("total", out var total) && total.TryGetInt32(out var count) ? count : null;
    }

    public async Task<CatalogPage> ReadPageAsync(string? cursor, int size, CancellationToken cancellationToken)
    {
        // Sorted by name (then SKU): a stable order, unlike "newest", whose first pages move as products are added.
        var url = $"/api/catalog/products?sort=name&limit={size}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
        using var response = await http.GetAsync(url, cancellationToken);
        if (cursor is not null && response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new CatalogCursorRejectedException("The catalog rejected the saved back-fill cursor.");
        }
        response.EnsureSuccessStatusCode();
        var page = (await response.Content.ReadFromJsonAsync<ListPage>(Json, cancellationToken))!;

        var products = new ProductUpserted?[page.Items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, page.Items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = DetailParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                // A product archived between the list and the details call is simply not there any more.
                using var details = await http.GetAsync($"/api/catalog/products/{page.Items[i].Id}", ct);
                if (details.StatusCode != HttpStatusCode.NotFound)
                {
                    details.EnsureSuccessStatusCode();
                    products[i] = ToEvent((await details.Content.ReadFromJsonAsync<CatalogProduct>(Json, ct))!);
                }
            });
        return new CatalogPage(products.OfType<ProductUpserted>().ToList(), page.NextCursor);
    }

    /// <summary>The product as the catalog's ProductUpserted carries it, dated by its last change.</summary>
    private static ProductUpserted ToEvent(CatalogProduct p) =>
        new(p.Id, p.Sku, p.Name, p.Slug, p.Description, p.Brand, p.CategoryId, p.CategoryPath, p.Price, p.Currency, p.Status,
            Attributes(p.Attributes), (p.Variants ?? []).Select(v => new ProductVariantSummary(v.Sku, v.Price, Attributes(v.Attributes))).ToList())
        { OccurredAt = p.UpdatedAt };

    // The same text as the catalog's events (AttributeValues.ToInvariantString), so an unchanged product is not re-embedded.
    private static Dictionary<string, string> Attributes(IReadOnlyDictionary<string, JsonElement>? attributes) =>
        (attributes ?? new Dictionary<string, JsonElement>()).ToDictionary(a => a.Key, a => a.Value.ValueKind switch
        {
            JsonValueKind.String => a.Value.GetString()!,
            JsonValueKind.Number => a.Value.GetDecimal().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => a.Value.GetRawText(),
        });

    private sealed record ListPage(IReadOnlyList<ListItem> Items, string? NextCursor);

    private sealed record ListItem(Guid Id);

    private sealed record CatalogProduct(
        Guid Id, string Sku, string Name, string Slug, string? Description, string? Brand, Guid CategoryId, string CategoryPath,
        decimal Price, string Currency, string Status, IReadOnlyDictionary<string, JsonElement>? Attributes,
        IReadOnlyList<CatalogVariant>? Variants, DateTimeOffset UpdatedAt);

    private sealed record CatalogVariant(string Sku, decimal Price, IReadOnlyDictionary<string, JsonElement>? Attributes);
}
