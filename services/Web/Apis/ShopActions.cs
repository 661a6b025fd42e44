using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vargo.Web.Api;
using Vargo.Web.Auth;
using Vargo.Web.Components.Admin;
using Vargo.Web.Components.Shared;
using Vargo.Web.Components.Pages;

namespace Vargo.Web.Apis;

/// <summary>
/// The shop's form posts that change something and then show a page (post, redirect, get): cart lines, cancelling an
/// order, signing out, and the admin's one-click actions. Each takes form fields, so ASP.NET Core checks the
/// anti-forgery token (the forms render it); each works without script.
/// </summary>
public static class ShopActions
{
    public static IEndpointRouteBuilder MapShopActions(this IEndpointRouteBuilder app)
    {
        // The anti-forgery token is checked by CheckFormToken (not by form binding, which answers a stale token with
        // a bare 400 problem JSON): a form that outlived its session gets a page that says what to do.
        var forms = app.MapGroup("").DisableAntiforgery().AddEndpointFilter(CheckFormToken);
        var shopper = forms.MapGroup("").RequireAuthorization();
        shopper.MapPost("/cart/add", AddToCart);
        shopper.MapPost("/cart/update", UpdateCartLine);
        shopper.MapPost("/cart/remove", RemoveCartLine);
        shopper.MapPost("/orders/{orderId:guid}/cancel", CancelOrder);
        forms.MapPost("/logout", SignOut);

        // Links to a product from where only its id (the assistant's answer) or its SKU (a cart line) is known.
        app.MapGet("/product/{id:guid}", OpenProduct);

        var admin = forms.MapGroup("/admin").RequireAuthorization("admin");
        admin.MapPost("/orders/{orderId:guid}/ship", ShipOrder);
        admin.MapPost("/orders/{orderId:guid}/refund", RefundOrder);
        admin.MapPost("/products/{id:guid}/archive", ArchiveProduct);
        admin.MapPost("/stock/{sku}", SetStock);
        admin.MapPost("/dead-letters/{service}/replay", ReplayDeadLetters);
        return app;
    }

    /// <summary>The page of the product <paramref name="id"/> (<c>/p/{slug}</c>); an unknown product is the shop's 404 page.</summary>
    public static async Task<Results<RedirectHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>> OpenProduct(Guid id, VargoApi api)
    {
        var product = await api.GetAsync<Product>($"/api/catalog/products/{id}");
        return product.Value is { } p ? TypedResults.LocalRedirect($"/p/{Uri.EscapeDataString(p.Slug)}") : TypedResults.NotFound();
    }

    /// <summary>
    /// Every action's anti-forgery check. A post without a valid token (the page was open past its session, or signed
    /// in or out in another tab) does nothing and goes to <c>/form-expired</c>, which says to reload and try again;
    /// a sign-out from a session that has already ended goes home, as a sign-out would.
    /// </summary>
    private static async ValueTask<object?> CheckFormToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(http))
        {
            return await next(context);
        }
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        return TypedResults.LocalRedirect(!signedIn && http.Request.Path == "/logout" ? "/" : "/form-expired");
    }

    /// <summary>
    /// Adds <c>quantity</c> (1–99) of <c>sku</c>; back to <c>returnUrl</c> with the problem, or on to the cart. A SKU
    /// Inventory knows to be sold out is refused here, so the shopper learns it now rather than at checkout. The fields
    /// are read as text so a tampered post (<c>quantity=abc</c>) gets the shop's message, not a bare 400.
    /// </summary>
    public static async Task<RedirectHttpResult> AddToCart([FromForm] string? sku, [FromForm] string? quantity, [FromForm] string? returnUrl, VargoApi api)
    {
        var back = Login.SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(sku))
        {
            return TypedResults.LocalRedirect(WithError(back, ShopErrors.NoItem));
        }
        if (!TryQuantity(quantity, out var count))
        {
            return TypedResults.LocalRedirect(WithError(back, ShopErrors.Quantity));
        }
        var stock = await api.GetAsync<List<Availability>>($"/api/inventory/availability?sku={Uri.EscapeDataString(sku)}");
        if (stock.Value?.FirstOrDefault(a => a.Sku == sku) is { Known: true, Available: <= 0 })
        {
            return TypedResults.LocalRedirect(WithError(back, ShopErrors.SoldOut));
        }
        var result = await api.PostAsync<Cart>("/api/orders/cart/items", new { sku, quantity = count });
        return result.Success
            ? TypedResults.LocalRedirect("/cart")
            : TypedResults.LocalRedirect(WithError(back, CartCode(result)));
    }

    public static async Task<RedirectHttpResult> UpdateCartLine([FromForm] string? sku, [FromForm] string? quantity, VargoApi api)
    {
        if (string.IsNullOrWhiteSpace(sku))
        {
            return TypedResults.LocalRedirect(WithError("/cart", ShopErrors.NotFound));
        }
        if (!TryQuantity(quantity, out var count))
        {
            return TypedResults.LocalRedirect(WithError("/cart", ShopErrors.Quantity));
        }
        var result = await api.SendAsync<Cart>(HttpMethod.Put, $"/api/orders/cart/items/{Uri.EscapeDataString(sku)}", new { quantity = count }, null);
        return TypedResults.LocalRedirect(result.Success ? "/cart" : WithError("/cart", CartCode(result)));
    }

    public static async Task<RedirectHttpResult> RemoveCartLine([FromForm] string sku, VargoApi api)
    {
        var result = await api.SendAsync<Cart>(HttpMethod.Delete, $"/api/orders/cart/items/{Uri.EscapeDataString(sku)}", null, null);
        return TypedResults.LocalRedirect(result.Success || result.Status == 404 ? "/cart" : WithError("/cart", ShopErrors.CodeFor(result)));
    }

    /// <summary>
    /// Cancels the order (Orders refunds the payment). Only the confirm step's form (<c>confirm=yes</c>) cancels; a
    /// post without it goes to that step, so a single click never cancels a paid order.
    /// </summary>
    public static async Task<RedirectHttpResult> CancelOrder(Guid orderId, [FromForm] string? confirm, VargoApi api)
    {
        if (confirm != "yes")
        {
            return TypedResults.LocalRedirect($"/orders/{orderId}?cancel=confirm");
        }
        var result = await api.PostAsync<Order>($"/api/orders/{orderId}/cancel", null);
        return TypedResults.LocalRedirect(result.Success ? $"/orders/{orderId}" : WithError($"/orders/{orderId}", result.Status == 409 ? ShopErrors.NotCancellable : ShopErrors.CodeFor(result)));
    }

    /// <summary>Revokes the refresh token at Auth, then ends the cookie session.</summary>
    public static async Task<RedirectHttpResult> SignOut(IFormCollection form, HttpContext context, AccountClient accounts)
    {
        await accounts.LogoutAsync(context.User, context.RequestAborted);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/");
    }

    public static async Task<RedirectHttpResult> ShipOrder(Guid orderId, IFormCollection form, VargoApi api)
    {
        var result = await api.PostAsync<Order>($"/api/orders/admin/{orderId}/ship", null);
        return TypedResults.LocalRedirect(result.Success ? "/admin/orders" : WithError("/admin/orders", ShopErrors.CodeFor(result)));
    }

    /// <summary>
    /// Refunds <c>amount</c> (or, empty, all that is left) of the order's captured payment. The form's
    /// <c>idempotencyKey</c> (one per rendered form) makes a double click or a re-post refund once.
    /// </summary>
    public static async Task<RedirectHttpResult> RefundOrder(Guid orderId, [FromForm] decimal? amount, [FromForm] string idempotencyKey, VargoApi api)
    {
        var payments = await api.GetAsync<List<PaymentSummary>>($"/api/payments/orders/{orderId}");
        if (payments.Value?.FirstOrDefault(p => p.Captured > p.Refunded) is not { } payment)
        {
            return TypedResults.LocalRedirect(WithError("/admin/orders", payments.Ok ? ShopErrors.NothingToRefund : ShopErrors.CodeFor(payments)));
        }
        var result = await api.SendAsync<object>(HttpMethod.Post, $"/api/payments/{payment.Id}/refunds",
            new { amount = amount ?? payment.Captured - payment.Refunded, reason = "refunded in the admin area" },
            r => r.Headers.Add("Idempotency-Key", idempotencyKey));
        return TypedResults.LocalRedirect(result.Success ? "/admin/orders" : WithError("/admin/orders", ShopErrors.CodeFor(result)));
    }

    public static async Task<RedirectHttpResult> ArchiveProduct(Guid id, [FromForm] string? etag, VargoApi api)
    {
        var result = await api.SendAsync<Product>(HttpMethod.Post, $"/api/catalog/admin/products/{id}/archive", null,
            r => { if (!string.IsNullOrEmpty(etag)) { r.Headers.TryAddWithoutValidation("If-Match", etag); } });
        return TypedResults.LocalRedirect(result.Success ? $"/admin/products/{id}?saved=archived" : WithError($"/admin/products/{id}", ShopErrors.CodeFor(result)));
    }

    public static async Task<RedirectHttpResult> SetStock(string sku, [FromForm] int onHand, [FromForm] string? reason, VargoApi api)
    {
        var result = await api.SendAsync<object>(HttpMethod.Put, $"/api/inventory/stock/{Uri.EscapeDataString(sku)}",
            new { onHand, reason = string.IsNullOrWhiteSpace(reason) ? "set in the admin area" : reason }, null);
        var page = $"/admin/stock?sku={Uri.EscapeDataString(sku)}";
        return TypedResults.LocalRedirect(result.Success ? page : WithError(page, ShopErrors.CodeFor(result)));
    }

    /// <summary>Replays one dead letter (<c>messageId</c>) or, without it, all of a service's.</summary>
    public static async Task<RedirectHttpResult> ReplayDeadLetters(string service, [FromForm] string? messageId, VargoApi api)
    {
        if (!AdminDeadLetters.Services.TryGetValue(service, out var path))
        {
            return TypedResults.LocalRedirect(WithError("/admin/dead-letters", ShopErrors.UnknownService));
        }
        var replay = string.IsNullOrEmpty(messageId) ? $"{path}/replay" : $"{path}/replay?messageId={Uri.EscapeDataString(messageId)}";
        var result = await api.PostAsync<DeadLetterReplay>(replay, null);
        return TypedResults.LocalRedirect(result.Ok
            ? $"/admin/dead-letters?replayed={result.Value!.Replayed}"
            : WithError("/admin/dead-letters", ShopErrors.CodeFor(result)));
    }

    private static bool TryQuantity(string? text, out int quantity) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out quantity)
        && quantity is >= 1 and <= 99;

    /// <summary>Orders' refusals of a cart write, by the field or problem they name (see services/Orders/README.md).</summary>
    internal static string CartCode<T>(ApiResult<T> result) => result switch
    {
        { Status: 400 } when result.ErrorFor("sku") is not null => ShopErrors.NotForSale,
        { Status: 400 } when result.ErrorFor("quantity") is not null => ShopErrors.TooMany,
        { Status: 409, Problem.Type: "urn:vargo:problems:cart-currency-mismatch" } => ShopErrors.OtherCurrency,
        _ => ShopErrors.CodeFor(result),
    };

    private static string WithError(string url, string code) => ShopErrors.WithError(url, code);
}
