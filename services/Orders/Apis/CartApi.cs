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
        cart.MapPost("/items", AddItem).WithName("AddCartItem").WithSummary("Adds units of a SKU (the line's total stays ≤ 99).");
        cart.MapPut("/items/{sku}", SetQuantity).WithName("SetCartItemQuantity").WithSummary("Sets a line's quantity (1–99).");
        cart.MapDelete("/items/{sku}", RemoveItem).WithName("RemoveCartItem").WithSummary("Removes a line.");
        cart.MapDelete("", Clear).WithName("ClearCart").WithSummary("Empties the cart.");

        return cart;
    }

    public static async Task<Ok<CartView>> GetCart(ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(user.GetUserId(), db, catalog, cancellationToken));

    public static async Task<Results<Ok<CartView>, ValidationProblem>> AddItem(
        AddCartItem body, ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        var line = await db.CartLines.FirstOrDefaultAsync(l => l.CustomerId == customerId && l.Sku == body.Sku, cancellationToken);
        var quantity = (line?.Quantity ?? 0) + body.Quantity;
        if (await ValidateAsync(body.Sku, body.Quantity, quantity, catalog, cancellationToken) is { } problem)
        {
            return problem;
        }
        if (line is null)
        {
            db.CartLines.Add(new CartLine { CustomerId = customerId, Sku = body.Sku!, Quantity = quantity, AddedAt = time.GetUtcNow() });
        }
        else
        {
            line.Quantity = quantity;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ViewAsync(customerId, db, catalog, cancellationToken));
    }

    public static async Task<Results<Ok<CartView>, ValidationProblem>> SetQuantity(
        string sku, SetCartItemQuantity body, ClaimsPrincipal user, OrdersDbContext db, CatalogPrices catalog, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await ValidateAsync(sku, body.Quantity, body.Quantity, catalog, cancellationToken) is { } problem)
        {
            return problem;
        }
        var customerId = user.GetUserId();
        var line = await db.CartLines.FirstOrDefaultAsync(l => l.CustomerId == customerId && l.Sku == sku, cancellationToken);
        if (line is null)
        {
            db.CartLines.Add(new CartLine { CustomerId = customerId, Sku = sku, Quantity = body.Quantity, AddedAt = time.GetUtcNow() });
        }
        else
        {
            line.Quantity = body.Quantity;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ViewAsync(customerId, db, catalog, cancellationToken));
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

    private static async Task<ValidationProblem?> ValidateAsync(string? sku, int requested, int resulting, CatalogPrices catalog, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sku) || sku.Length > 64)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = ["A SKU of at most 64 characters is required."] });
        }
        if (requested < 1 || resulting > CartLine.MaxQuantity)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["quantity"] = [$"The quantity must be at least 1 and the line at most {CartLine.MaxQuantity}."]
            });
        }
        var prices = await catalog.GetAsync([sku], cancellationToken);
        if (!prices.TryGetValue(sku, out var price) || !price.Purchasable)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = [$"'{sku}' is not for sale."] });
        }
        return null;
    }

    private static async Task<CartView> ViewAsync(Guid customerId, OrdersDbContext db, CatalogPrices catalog, CancellationToken cancellationToken)
    {
        var lines = await db.CartLines.AsNoTracking().Where(l => l.CustomerId == customerId).OrderBy(l => l.AddedAt).ToListAsync(cancellationToken);
        var prices = await catalog.GetAsync(lines.Select(l => l.Sku), cancellationToken);
        var views = lines.Select(l => prices.TryGetValue(l.Sku, out var p)
            ? new CartLineView(l.Sku, p.Name, l.Quantity, p.UnitPrice, p.UnitPrice * l.Quantity, p.Currency, p.Purchasable)
            : new CartLineView(l.Sku, null, l.Quantity, null, null, null, false)).ToList();
        var currency = views.Select(v => v.Currency).FirstOrDefault(c => c is not null);
        return new CartView(views, views.Where(v => v.Available).Sum(v => v.LineTotal ?? 0), currency);
    }
}

public sealed record AddCartItem(string? Sku, int Quantity = 1);

public sealed record SetCartItemQuantity(int Quantity);

/// <summary>A line the catalog no longer sells stays visible with <c>Available = false</c> and no price.</summary>
public sealed record CartLineView(string Sku, string? Name, int Quantity, decimal? UnitPrice, decimal? LineTotal, string? Currency, bool Available);

public sealed record CartView(IReadOnlyList<CartLineView> Lines, decimal Total, string? Currency);
