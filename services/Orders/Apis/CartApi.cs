using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vargo.Orders.Cart;
using Vargo.Orders.Catalog;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Apis;

public static class CartApi
{
    public static RouteGroupBuilder MapCartApi(this RouteGroupBuilder orders)
    {
        var cart = orders.MapGroup("/cart").WithTags("Cart");

        cart.MapGet("", GetCart).WithName("GetCart").WithSummary("The signed-in customer's cart, priced by the catalog now.");
        cart.MapPost("/items", AddItem).WithName("AddCartItem")
            .WithSummary("Adds units of a SKU (the line's total stays ≤ 99; 409 cart-currency-mismatch for a second currency).");
        cart.MapPut("/items/{sku}", SetQuantity).WithName("SetCartItemQuantity")
            .WithSummary("Sets a line's quantity (1–99; 409 cart-currency-mismatch for a second currency).");
        cart.MapDelete("/items/{sku}", RemoveItem).WithName("RemoveCartItem").WithSummary("Removes a line.");
        cart.MapDelete("", Clear).WithName("ClearCart").WithSummary("Empties the cart.");

        return cart;
    }

    public static async Task<Ok<CartView>> GetCart(ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(user.GetUserId(), db, catalog, cancellationToken));

    /// <summary>
    /// Adds <c>quantity</c> (1–99) units of a SKU. 400 naming <c>quantity</c> when the line would pass 99 (the
    /// line is left as it was; the sum is computed without overflow), 400 naming <c>sku</c> when it is not for
    /// sale, 409 <c>urn:vargo:problems:cart-currency-mismatch</c> when the SKU is priced in another currency than
    /// the cart's other lines (a cart is checked out in one currency).
    /// </summary>
    public static async Task<Results<Ok<CartView>, ValidationProblem, ProblemHttpResult>> AddItem(
        AddCartItem body, ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        var lines = await LinesAsync(customerId, db, tracked: true, cancellationToken);
        var line = lines.FirstOrDefault(l => l.Sku == body.Sku);
        // In 64 bits: 1 + int.MaxValue must be "too many", not a negative line.
        var quantity = (long)(line?.Quantity ?? 0) + body.Quantity;
        var (problem, prices) = await CheckAsync(body.Sku, body.Quantity, quantity, lines, catalog, cancellationToken);
        switch (problem)
        {
            case ValidationProblem invalid:
                return invalid;
            case ProblemHttpResult conflict:
                return conflict;
        }
        if (line is null)
        {
            line = new CartLine { CustomerId = customerId, Sku = body.Sku!, Quantity = (int)quantity, AddedAt = time.GetUtcNow() };
            db.CartLines.Add(line);
            lines.Add(line);
        }
        else
        {
            line.Quantity = (int)quantity;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(lines, prices));
    }

    /// <summary>Sets a line's quantity (1–99); the same 400/409 answers as <see cref="AddItem"/>.</summary>
    public static async Task<Results<Ok<CartView>, ValidationProblem, ProblemHttpResult>> SetQuantity(
        string sku, SetCartItemQuantity body, ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        var lines = await LinesAsync(customerId, db, tracked: true, cancellationToken);
        var (problem, prices) = await CheckAsync(sku, body.Quantity, body.Quantity, lines, catalog, cancellationToken);
        switch (problem)
        {
            case ValidationProblem invalid:
                return invalid;
            case ProblemHttpResult conflict:
                return conflict;
        }
        var line = lines.FirstOrDefault(l => l.Sku == sku);
        if (line is null)
        {
            line = new CartLine { CustomerId = customerId, Sku = sku, Quantity = body.Quantity, AddedAt = time.GetUtcNow() };
            db.CartLines.Add(line);
            lines.Add(line);
        }
        else
        {
            line.Quantity = body.Quantity;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(lines, prices));
    }

    public static async Task<Results<Ok<CartView>, NotFound>> RemoveItem(
        string sku, ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        var removed = await db.CartLines.Where(l => l.CustomerId == customerId && l.Sku == sku).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? TypedResults.NotFound() : TypedResults.Ok(await ViewAsync(customerId, db, catalog, cancellationToken));
    }

    public static async Task<NoContent> Clear(ClaimsPrincipal user, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        await db.CartLines.Where(l => l.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The customer's lines, oldest first (the order the cart shows them in).</summary>
    private static Task<List<CartLine>> LinesAsync(Guid customerId, OrdersDbContext db, bool tracked, CancellationToken cancellationToken)
    {
        var lines = db.CartLines.Where(l => l.CustomerId == customerId).OrderBy(l => l.AddedAt);
        return (tracked ? lines : lines.AsNoTracking()).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A <see cref="ValidationProblem"/>, a 409 <see cref="ProblemHttpResult"/>, or null when the line may be written;
    /// with the catalog's prices of the SKU and every line of the cart, so the answer is priced without asking again.
    /// </summary>
    private static async Task<(IResult? Problem, IReadOnlyDictionary<string, PricedSku> Prices)> CheckAsync(string? sku, int requested,
        long resulting, IReadOnlyList<CartLine> lines, CatalogPrices catalog, CancellationToken cancellationToken)
    {
        var none = new Dictionary<string, PricedSku>();
        if (string.IsNullOrWhiteSpace(sku) || sku.Length > 64)
        {
            return (TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = ["A SKU of at most 64 characters is required."] }), none);
        }
        if (requested < 1 || resulting > CartLine.MaxQuantity)
        {
            return (TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["quantity"] = [$"The quantity must be at least 1 and the line at most {CartLine.MaxQuantity}."]
            }), none);
        }
        var others = lines.Where(l => l.Sku != sku).Select(l => l.Sku).ToList();
        var prices = await catalog.GetAsync(others.Append(sku), cancellationToken);
        if (!prices.TryGetValue(sku, out var price) || !price.Purchasable)
        {
            return (TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = [$"'{sku}' is not for sale."] }), prices);
        }
        var cartCurrencies = others.Where(prices.ContainsKey).Select(o => prices[o].Currency).Distinct().ToList();
        if (cartCurrencies.Count > 0 && !cartCurrencies.Contains(price.Currency))
        {
            return (TypedResults.Problem(
                $"The cart is in {string.Join(", ", cartCurrencies)} and '{sku}' is priced in {price.Currency}: amounts of different currencies are never added. Check out or empty the cart first.",
                statusCode: StatusCodes.Status409Conflict, title: "The cart holds another currency", type: CartProblems.CurrencyMismatch,
                extensions: new Dictionary<string, object?> { ["cartCurrency"] = cartCurrencies[0], ["currency"] = price.Currency }), prices);
        }
        return (null, prices);
    }

    private static async Task<CartView> ViewAsync(Guid customerId, OrdersDbContext db, CatalogPrices catalog, CancellationToken cancellationToken)
    {
        var lines = await LinesAsync(customerId, db, tracked: false, cancellationToken);
        return View(lines, await catalog.GetAsync(lines.Select(l => l.Sku), cancellationToken));
    }

    private static CartView View(IReadOnlyList<CartLine> lines, IReadOnlyDictionary<string, PricedSku> prices)
    {
        var views = lines.Select(l => prices.TryGetValue(l.Sku, out var p)
            ? new CartLineView(l.Sku, p.Name, l.Quantity, p.UnitPrice, p.UnitPrice * l.Quantity, p.Currency, p.Purchasable, p.ProductId)
            : new CartLineView(l.Sku, null, l.Quantity, null, null, null, false, null)).ToList();
        // One total per currency: amounts of different currencies are never added. The API refuses a second
        // currency at add time, so a cart has one unless the catalog re-priced a line in another currency since.
        var totals = views.Where(v => v is { Available: true, Currency: not null, LineTotal: not null })
            .GroupBy(v => v.Currency!, StringComparer.Ordinal)
            .Select(g => new CartTotal(g.Key, g.Sum(v => v.LineTotal!.Value)))
            .ToList();
        return totals.Count switch
        {
            0 => new CartView(views, 0m, views.Select(v => v.Currency).FirstOrDefault(c => c is not null), totals),
            1 => new CartView(views, totals[0].Amount, totals[0].Currency, totals),
            _ => new CartView(views, null, null, totals)
        };
    }
}

public sealed record AddCartItem(string? Sku, int Quantity = 1);

public sealed record SetCartItemQuantity(int Quantity);

/// <summary>
/// A cart line priced by the catalog now; <see cref="ProductId"/> is the catalog product the SKU belongs to (a variant's
/// SKU gives its product), for a link to it. A line the catalog no longer knows stays visible with
/// <c>Available = false</c>, no price and no product id.
/// </summary>
public sealed record CartLineView(string Sku, string? Name, int Quantity, decimal? UnitPrice, decimal? LineTotal, string? Currency, bool Available, Guid? ProductId);

/// <summary>
/// The cart, priced by the catalog now. <see cref="Totals"/> holds one total per currency (ISO 4217), over the
/// available lines. <see cref="Total"/> and <see cref="Currency"/> are that total when there is one currency
/// (always, for a cart built through this API; an empty cart is 0 with no currency), and both null when the
/// catalog moved a line to another currency since it was added: such a cart cannot be checked out as it is.
/// </summary>
public sealed record CartView(IReadOnlyList<CartLineView> Lines, decimal? Total, string? Currency, IReadOnlyList<CartTotal> Totals);

/// <summary>The sum of the available lines priced in one currency.</summary>
public sealed record CartTotal(string Currency, decimal Amount);

/// <summary>Problem types of the cart (<c>urn:vargo:problems:*</c>, the scheme every service uses).</summary>
public static class CartProblems
{
    /// <summary>409: the SKU is priced in another currency than the cart's lines; <c>cartCurrency</c> and <c>currency</c> say which.</summary>
    public const string CurrencyMismatch = "urn:vargo:problems:cart-currency-mismatch";
}
