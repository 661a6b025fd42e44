using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Vargo.Catalog.Images;

/// <summary>
/// A product picture that needs no image store: the initials of the product's slug on a colour derived from
/// it, so the storefront has stable, distinct pictures offline.
/// </summary>
public static class PlaceholderImage
{
    public static string Svg(string slug)
    {
        var words = slug.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var initials = string.Concat(words.Where(w => char.IsAsciiLetter(w[0])).Take(2).Select(w => char.ToUpperInvariant(w[0])));
        if (initials.Length == 0)
        {
            initials = "?";
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(slug));
        var hue = (hash[0] << 8 | hash[1]) % 360;
        var label = WebUtility.HtmlEncode(initials);
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-label="{label}">
              <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},62%,58%)"/><stop offset="1" stop-color="hsl({(hue + 40) % 360},58%,38%)"/></linearGradient></defs>
              <rect width="600" height="600" fill="url(#g)"/>
              <text x="300" y="300" dy=".35em" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="220" font-weight="700" fill="#fff" fill-opacity=".92">{label}</text>
            </svg>
            """;
    }
}
