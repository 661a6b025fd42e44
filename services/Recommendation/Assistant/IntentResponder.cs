using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Vargo.Recommendation.Search;
using Vargo.Iso;

namespace Vargo.Recommendation.Assistant;

/// <summary>
/// The assistant when no chat model is configured: it recognises the common requests (find or compare products, order
/// status, "similar to X", availability, add to cart) with patterns, answers from the same <see cref="ShoppingPlugin"/>
/// functions a model would call, and says plainly that no language model is involved.
/// </summary>
public sealed partial class IntentResponder
{
    public const string Disclosure =
        "(I am running without a language model: I recognise common requests and answer straight from the catalog and your orders.)";

    public async IAsyncEnumerable<string> RespondAsync(
        string message, ShoppingPlugin shop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Disclosure + "\n";
        var text = message.Trim();

        if (OrderIntent().IsMatch(text))
        {
            var orders = await shop.ListRecentOrdersAsync(cancellationToken);
            if (orders.Count == 0)
            {
                yield return "You have no orders yet.\n";
                yield break;
            }
            yield return "Your most recent orders:\n";
            foreach (var order in orders)
            {
                var total = order.Total is { } amount ? $" — {Money(amount, order.Currency)}" : "";
                var when = order.PlacedAt is { } at ? $" (placed {at:yyyy-MM-dd})" : "";
                yield return $"- Order {order.Id}: {order.Status}{total}{when}\n";
            }
            yield break;
        }

        if (CartIntent().Match(text) is { Success: true } cart)
        {
            var quantity = cart.Groups["qty"].Success ? int.Parse(cart.Groups["qty"].Value, CultureInfo.InvariantCulture) : 1;
            var what = cart.Groups["what"].Value;
            var product = await FindOneAsync(shop, what, cancellationToken);
            if (product is null)
            {
                yield return $"I could not find \"{what}\" in the catalog.\n";
                yield break;
            }
            var details = await shop.GetProductDetailsAsync(product.ProductId, cancellationToken);
            if (details is { Skus.Count: > 1 } && !details.Skus.Any(s => s.Sku.Equals(what, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{product.Name} comes in several variants; tell me which SKU to add: {string.Join(", ", details.Skus.Select(s => s.Sku))}.\n";
                yield break;
            }
            var sku = details?.Skus.FirstOrDefault(s => s.Sku.Equals(what, StringComparison.OrdinalIgnoreCase))?.Sku ?? product.Sku;
            var change = await shop.AddToCartAsync(sku, quantity, cancellationToken);
            yield return change.Message + "\n";
            yield break;
        }

        if (SimilarIntent().Match(text) is { Success: true } similar)
        {
            var anchor = await FindOneAsync(shop, similar.Groups["what"].Value, cancellationToken);
            if (anchor is null)
            {
                yield return $"I could not find \"{similar.Groups["what"].Value}\" in the catalog.\n";
                yield break;
            }
            yield return $"Products similar to {anchor.Name}:\n";
            foreach (var product in await shop.SimilarProductsAsync(anchor.ProductId, cancellationToken))
            {
                yield return Line(product);
            }
            yield break;
        }

        if (AvailabilityIntent().Match(text) is { Success: true } stock)
        {
            var product = await FindOneAsync(shop, stock.Groups["what"].Value, cancellationToken);
            var details = product is null ? null : await shop.GetProductDetailsAsync(product.ProductId, cancellationToken);
            if (details is null)
            {
                yield return $"I could not find \"{stock.Groups["what"].Value}\" in the catalog.\n";
                yield break;
            }
            yield return $"{details.Name} ({Money(details.Price, details.Currency)}):\n";
            foreach (var sku in details.Skus)
            {
                yield return $"- {sku.Sku}: {(sku.Available is { } n ? (n > 0 ? $"{n} available" : "out of stock") : "availability unknown right now")}\n";
            }
            yield break;
        }

        if (CompareIntent().Match(text) is { Success: true } compare)
        {
            yield return "Side by side:\n";
            foreach (var side in new[] { compare.Groups["a"].Value, compare.Groups["b"].Value })
            {
                var product = await FindOneAsync(shop, side, cancellationToken);
                yield return product is null ? $"- \"{side}\": not found\n" : Line(product);
            }
            yield break;
        }

        var (query, minPrice, maxPrice) = ParseSearch(text);
        var found = await shop.SearchProductsAsync(query, maxPrice, minPrice, cancellationToken: cancellationToken);
        if (found.Count == 0)
        {
            yield return "I found nothing matching that" + (maxPrice is not null ? $" under {maxPrice.Value.ToString("0.##", CultureInfo.InvariantCulture)}" : "") + ".\n";
            yield break;
        }
        yield return "Here is what I found:\n";
        foreach (var product in found)
        {
            yield return Line(product);
        }
    }

    /// <summary>The search words and the price bounds in a request such as "do you have waterproof hiking boots under 150".</summary>
    public static (string Query, decimal? MinPrice, decimal? MaxPrice) ParseSearch(string text)
    {
        decimal? min = null, max = null;
        if (Between().Match(text) is { Success: true } between)
        {
            min = Amount(between.Groups["lo"].Value);
            max = Amount(between.Groups["hi"].Value);
            text = text.Remove(between.Index, between.Length);
        }
        if (Under().Match(text) is { Success: true } under)
        {
            max = Amount(under.Groups["amount"].Value);
            text = text.Remove(under.Index, under.Length);
        }
        if (Over().Match(text) is { Success: true } over)
        {
            min = Amount(over.Groups["amount"].Value);
            text = text.Remove(over.Index, over.Length);
        }
        var query = Filler().Replace(text, " ");
        query = Regex.Replace(query, @"[?!.,]+", " ").Trim();
        query = Regex.Replace(query, @"\s+", " ");
        return (query.Length == 0 ? text.Trim() : query, min, max);
    }

    private static async Task<ProductSuggestion?> FindOneAsync(ShoppingPlugin shop, string what, CancellationToken cancellationToken) =>
        (await shop.SearchProductsAsync(what.Trim(' ', '?', '.', '"'), cancellationToken: cancellationToken)).FirstOrDefault();

    private static string Line(ProductSuggestion product) =>
        $"- {product.Name} ({product.Brand}) — {Money(product.Price, product.Currency)} — SKU {product.Sku}, id {product.ProductId}\n";

    // The currency's own decimals (ISO 4217: 1500 JPY, 1.234 KWD), never rounded.
    private static string Money(decimal amount, string? currency) => Currencies.Format(amount, currency);

    private static decimal Amount(string value) => decimal.Parse(value.Replace(",", ""), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(where('?s| is| are)? my|status of my|track(ing)?( my)?|my (last |recent )?orders?|has my .* (shipped|arrived))\b|\border status\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrderIntent();

    [GeneratedRegex(@"^\s*(please\s+)?(add|put)\s+(?<qty>\d{1,2}\s+)?(?<what>.+?)\s+(to|in|into)\s+(my\s+)?(cart|basket)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CartIntent();

    [GeneratedRegex(@"\b(similar to|alternatives? to|something like|like the)\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SimilarIntent();

    [GeneratedRegex(@"\b(is|are)\s+(the\s+)?(?<what>.+?)\s+(in stock|available)\b|\bavailability of\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex AvailabilityIntent();

    [GeneratedRegex(@"\bcompare\s+(?<a>.+?)\s+(and|with|to|vs\.?)\s+(?<b>.+)$|^(?<a>.+?)\s+vs\.?\s+(?<b>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CompareIntent();

    [GeneratedRegex(@"\bbetween\s+\$?(?<lo>\d[\d,]*(\.\d+)?)\s*(\$|usd|dollars)?\s+and\s+\$?(?<hi>\d[\d,]*(\.\d+)?)\s*(\$|usd|dollars)?", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"\b(under|below|less than|cheaper than|no more than|up to|at most|max(imum)?)\s+\$?(?<amount>\d[\d,]*(\.\d+)?)\s*(\$|usd|dollars|bucks)?", RegexOptions.IgnoreCase)]
    private static partial Regex Under();

    [GeneratedRegex(@"\b(over|above|more than|at least|min(imum)?)\s+\$?(?<amount>\d[\d,]*(\.\d+)?)\s*(\$|usd|dollars|bucks)?", RegexOptions.IgnoreCase)]
    private static partial Regex Over();

    [GeneratedRegex(@"\b(do you (have|sell|stock)|have you got|i('m| am) looking for|i (want|need)|can you (find|show)( me)?|show me|find me|find|looking for|any|some|please|a pair of|pairs? of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Filler();
}
