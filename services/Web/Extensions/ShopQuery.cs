using Microsoft.AspNetCore.Http.Extensions;

namespace Vargo.Web.Extensions;

/// <summary>
/// The shop is read by people, not API clients: a control character in a page's query (<c>/search?q=%00</c>, a
/// tampered link) is dropped so the page renders, instead of ServiceDefaults' 400 problem JSON, which a browser
/// shows as raw text. The APIs behind the gateway keep refusing such input: the Web passes on only the cleaned text.
/// </summary>
public static class ShopQuery
{
    /// <summary>Must run before <c>MapDefaultEndpoints</c>, whose middleware answers control characters with 400.</summary>
    public static IApplicationBuilder UseShopQueryCleaning(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var query = context.Request.Query;
        if (query.Any(q => HasControl(q.Key) || q.Value.Any(v => v is not null && HasControl(v))))
        {
            var cleaned = new QueryBuilder();
            foreach (var (key, values) in query)
            {
                if (Clean(key) is { Length: > 0 } name)
                {
                    foreach (var value in values)
                    {
                        cleaned.Add(name, Clean(value ?? ""));
                    }
                }
            }
            context.Request.QueryString = cleaned.ToQueryString();
        }
        return next(context);
    });

    private static bool HasControl(string text) => text.Any(char.IsControl);

    // A control character becomes a space (it may have separated two words); the ends are trimmed.
    private static string Clean(string text) =>
        new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
}
