using Microsoft.AspNetCore.WebUtilities;
using Vargo.Web.Api;

namespace Vargo.Web.Components.Shared;

/// <summary>
/// What a post-redirect-get action went wrong with, carried to the next page as <c>?error=&lt;code&gt;</c>. Only a code
/// travels in the address: the page shows the shop's own sentence for a known code and nothing for any other, so a
/// link cannot make the shop say words of someone else's choosing (<c>/cart?error=Your account is locked…</c>).
/// </summary>
public static class ShopErrors
{
    public const string NoItem = "no-item";
    public const string Quantity = "quantity";
    public const string SoldOut = "sold-out";
    public const string NotForSale = "not-for-sale";
    public const string TooMany = "too-many";
    public const string OtherCurrency = "other-currency";
    public const string NotCancellable = "not-cancellable";
    public const string NotFound = "not-found";
    public const string Unavailable = "unavailable";
    public const string Invalid = "invalid";
    public const string Conflict = "conflict";
    public const string NotAllowed = "not-allowed";
    public const string NothingToRefund = "nothing-to-refund";
    public const string UnknownService = "unknown-service";
    public const string Failed = "failed";

    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        [NoItem] = "Please choose one of the options before adding it to your cart.",
        [Quantity] = "Please enter a quantity from 1 to 99.",
        [SoldOut] = "Sorry, this item is sold out, so it was not added to your cart.",
        [NotForSale] = "Sorry, this item is no longer for sale, so it was not added to your cart.",
        [TooMany] = "Your cart can hold at most 99 of one item. Please lower the quantity.",
        [OtherCurrency] = "This item is priced in another currency than the items in your cart. Please check out your cart first, or remove its items, then add this one.",
        [NotCancellable] = "This order can no longer be cancelled. If it has been shipped, you can return it when it arrives.",
        [NotFound] = "That item or order no longer exists. Please reload the page.",
        [Unavailable] = "The shop cannot reach a service right now. Please try again in a moment.",
        [Invalid] = "That change was refused: please check the values and try again.",
        [Conflict] = "Someone changed this in the meantime. Please reload the page and try again.",
        [NotAllowed] = "You are not allowed to do that. Please sign in again.",
        [NothingToRefund] = "Nothing of this order is left to refund.",
        [UnknownService] = "That service does not list dead letters.",
        [Failed] = "That did not work. Please try again in a moment.",
    };

    /// <summary>The shop's sentence for <paramref name="code"/>; null for no code and for a code the shop does not know.</summary>
    public static string? Message(string? code) => code is not null && Messages.TryGetValue(code, out var message) ? message : null;

    /// <summary>The code for an API call that did not succeed, by its status (the API's own words stay in the logs).</summary>
    public static string CodeFor<T>(ApiResult<T> result) => result.Status switch
    {
        400 or 422 => Invalid,
        401 or 403 => NotAllowed,
        404 => NotFound,
        409 or 412 => Conflict,
        503 or 504 => Unavailable,
        _ => Failed,
    };

    /// <summary><paramref name="url"/> with <c>?error=</c><paramref name="code"/> added.</summary>
    public static string WithError(string url, string code) => QueryHelpers.AddQueryString(url, "error", code);
}
