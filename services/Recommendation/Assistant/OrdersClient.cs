using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Vargo.Recommendation.Assistant;

/// <summary>
/// The Orders API, called as the customer (their bearer token), through service discovery (http://orders).
/// Paths: GET /api/orders (the caller's orders), POST /api/orders/cart/items { sku, quantity }.
/// </summary>
public sealed class OrdersClient(HttpClient http)
{
    public const string OrdersPath = "/api/orders";
    public const string CartItemsPath = "/api/orders/cart/items";

    public async Task<IReadOnlyList<OrderOverview>> RecentOrdersAsync(Shopper shopper, int count, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, OrdersPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", shopper.BearerToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        // A plain array or a page object ({ items: [...] }): read whichever the Orders API returns.
        var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement
            : json.RootElement.TryGetProperty("items", out var page) ? page : default;
        if (items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return items.EnumerateArray()
            .Select(OrderOverview.From)
            .OrderByDescending(o => o.PlacedAt)
            .Take(count)
            .ToList();
    }

    public async Task<CartChange> AddToCartAsync(Shopper shopper, string sku, int quantity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CartItemsPath)
        {
            Content = JsonContent.Create(new { sku, quantity }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", shopper.BearerToken);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? new CartChange(true, $"Added {quantity} × {sku} to your cart.")
            : new CartChange(false, response.StatusCode switch
            {
                HttpStatusCode.NotFound => $"The cart could not find SKU {sku}.",
                HttpStatusCode.Conflict => $"{sku} cannot be added right now (out of stock or not for sale).",
                HttpStatusCode.BadRequest => $"The cart refused {quantity} × {sku}.",
                _ => $"The cart did not answer ({(int)response.StatusCode}).",
            });
    }
}

public sealed record OrderOverview(string Id, string Status, decimal? Total, string? Currency, DateTimeOffset? PlacedAt)
{
    public static OrderOverview From(JsonElement order) => new(
        Text(order, "id") ?? Text(order, "orderId") ?? "?",
        Text(order, "status") ?? "unknown",
        Number(order, "total"),
        Text(order, "currency"),
        Date(order, "placedAt") ?? Date(order, "createdAt"));

    private static JsonElement? Find(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
            : null;

    private static string? Text(JsonElement element, string name) => Find(element, name) is { } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
        : null;

    private static decimal? Number(JsonElement element, string name) => Find(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } value => value.GetDecimal(),
        { ValueKind: JsonValueKind.Object } money when Find(money, "amount") is { ValueKind: JsonValueKind.Number } amount => amount.GetDecimal(),
        _ => null,
    };

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        Find(element, name) is { ValueKind: JsonValueKind.String } value && value.TryGetDateTimeOffset(out var date) ? date : null;
}

public sealed record CartChange(bool Added, string Message);
