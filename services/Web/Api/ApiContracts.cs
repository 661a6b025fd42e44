using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vargo.Web.Api;

// The shapes of the public API the storefront reads (see each service's README). Only the fields the pages use.

public sealed record TokenPair(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken);

public sealed record AddressDto(string? Label, string Recipient, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);

public sealed record NotificationPreferencesDto(bool OrderUpdatesByEmail, bool OrderUpdatesBySms, bool Promotions);

public sealed record Profile(
    Guid Id, string Email, string DisplayName, string? Phone, IReadOnlyList<AddressDto> Addresses,
    NotificationPreferencesDto NotificationPreferences, IReadOnlyList<string> Roles);

/// <summary>A category of the tree. <see cref="Attributes"/> are its attribute definitions as Catalog sent them, kept
/// verbatim so an admin edit of the name, slug or parent sends them back unchanged.</summary>
public sealed record CategoryNode(
    Guid Id, string Slug, string Name, string Path, int Depth, IReadOnlyList<CategoryNode> Children, IReadOnlyList<JsonElement>? Attributes = null)
{
    /// <summary>This category and everything under it, depth first (tree order).</summary>
    public IEnumerable<CategoryNode> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

public sealed record ProductSummary(
    Guid Id, string Sku, string Name, string Slug, string? Brand, string CategoryPath, decimal Price, string Currency,
    decimal? CompareAtPrice, string? Image, string Status, int VariantCount);

public sealed record ProductPage(IReadOnlyList<ProductSummary> Items, string? NextCursor);

public sealed record SearchHit(ProductSummary Product, double Rank);

public sealed record CatalogSearchResponse(string Query, IReadOnlyList<SearchHit> Items, int Offset, int Limit);

public sealed record FacetCount(string Value, long Count);

public sealed record Facets(
    long Total, IReadOnlyList<FacetCount> Brands, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Attributes,
    decimal? MinPrice, decimal? MaxPrice);

public sealed record Variant(string Sku, string? Name, decimal Price, IReadOnlyDictionary<string, JsonElement> Attributes);

public sealed record Product(
    Guid Id, string Sku, string Name, string Slug, string? Description, string? Brand, Guid CategoryId, string CategoryPath,
    decimal Price, string Currency, decimal? CompareAtPrice, IReadOnlyList<string> Images, string Status,
    IReadOnlyDictionary<string, JsonElement> Attributes, IReadOnlyList<Variant> Variants, long Version);

/// <summary>A recommended product. <c>Image</c> is read when Recommendation sends one (today it does not: the card shows Catalog's per-product tile).</summary>
public sealed record Suggestion(Guid ProductId, string Sku, string Name, string Slug, string? Brand, string CategoryPath, decimal Price, string Currency, double Score, string? Image = null);

public sealed record SemanticSearchResponse(string Query, string Mode, IReadOnlyList<Suggestion> Items);

public sealed record BoughtTogether(Suggestion Product, int Orders);

public sealed record Availability(string Sku, int Available, bool Known);

public sealed record LedgerEntry(long Id, string Kind, int Quantity, Guid? OrderId, string Actor, string? Reason, DateTimeOffset OccurredAt);

public sealed record CartLine(string Sku, string? Name, int Quantity, decimal? UnitPrice, decimal? LineTotal, string? Currency, bool Available, Guid? ProductId = null);

public sealed record Cart(IReadOnlyList<CartLine> Lines, decimal? Total, string? Currency)
{
    /// <summary>Money is never summed across currencies: one total per currency of the available lines.</summary>
    public IReadOnlyList<(string Currency, decimal Total)> TotalsByCurrency() =>
        Lines.Where(l => l is { Available: true, Currency: not null, LineTotal: not null })
            .GroupBy(l => l.Currency!)
            .Select(g => (g.Key, g.Sum(l => l.LineTotal!.Value)))
            .ToList();

    public int Count => Lines.Sum(l => l.Quantity);
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record CardInput(string Number, int ExpMonth, int ExpYear, string Cvc, string? HolderName);

public sealed record CheckoutRequest(ShippingAddress ShippingAddress, CardInput Card);

public sealed record OrderItem(Guid ProductId, string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record Order(
    Guid Id, string Status, decimal Total, string Currency, IReadOnlyList<OrderItem> Items, ShippingAddress ShippingAddress,
    string? CardBrand, string? CardLast4, string? FailureCode, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ShippedAt, OrderMoney? Refunded = null);

/// <summary>An amount with its ISO 4217 currency (what Payment gave back for an order).</summary>
public sealed record OrderMoney(decimal Amount, string Currency);

public sealed record OrderStatus(Guid Id, string Status, string? FailureCode, string? FailureReason, DateTimeOffset UpdatedAt);

public sealed record Delivery(string Channel, string Status, int Attempts, DateTimeOffset? SentAt);

public sealed record Notification(Guid Id, string Kind, string Subject, string Text, DateTimeOffset CreatedAt, IReadOnlyList<Delivery> Deliveries);

public sealed record NotificationPage(IReadOnlyList<Notification> Items, int Page, int PageSize, int TotalCount);

/// <summary>An RFC 9457 problem: <see cref="Errors"/> is keyed by the field it names (e.g. <c>shippingAddress.city</c>).</summary>
public sealed record Problem(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors, string? Type = null)
{
    /// <summary>Orders' answer to a checkout whose Idempotency-Key is still being worked on by an earlier copy.</summary>
    public const string CheckoutInFlight = "urn:vargo:problems:idempotency-key-in-flight";

    public static readonly Problem Unavailable = new("The shop cannot reach a service right now", "Please try again in a moment.", 503, null);
}

/// <summary>An API answer: the value, or the problem, with the HTTP status either way.</summary>
public sealed record ApiResult<T>(int Status, T? Value, Problem? Problem)
{
    public bool Ok => Success && Value is not null;

    public bool Success => Status is >= 200 and < 300;

    /// <summary>The response's entity tag (Catalog's admin product GET), for If-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>The first message for a field (problem details keys are matched case-insensitively), or null.</summary>
    public string? ErrorFor(string field) =>
        Problem?.Errors?.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}

public sealed record DeadLetter(string? MessageId, string EventType, int Attempts, string? Error, string? FailedAt, string Body);

public sealed record DeadLetterReplay(int Replayed);

/// <summary>A payment of an order as Payment's admin API lists it (amounts in the order's currency).</summary>
public sealed record PaymentSummary(Guid Id, string Status, decimal Captured, decimal Refunded);

/// <summary>A call the API refused (or a service it could not reach), for calls that stream and so answer no <see cref="ApiResult{T}"/>.</summary>
public sealed class ApiProblemException(Problem problem) : Exception(problem.Title)
{
    public Problem Problem { get; } = problem;
}

/// <summary>One earlier turn of an assistant conversation: <see cref="Role"/> is <c>user</c> or <c>assistant</c>.</summary>
public sealed record ChatTurn(string Role, string Text);

/// <summary>Recommendation's <c>POST /api/recommendations/chat</c> body: a message (1–2000 characters) and at most 20 earlier turns.</summary>
public sealed record ChatRequest(string Message, IReadOnlyList<ChatTurn> History);
