using System.Globalization;
using System.Text.Json;

namespace Vargo.Web.Components.Shared;

/// <summary>Words for the shopper where the catalog has keys: attribute names, boolean values, card brands.</summary>
public static class Labels
{
    // Short names that are written in capitals; anything else is a word.
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "usb", "hdmi", "nfc", "ssd", "hdd", "ram", "cpu", "gpu", "led", "oled", "lcd", "tv", "hd", "uhd", "sku", "ip", "dab", "anc", "gps", "lte", "wifi", "id",
    };

    /// <summary>"battery_hours" → "Battery hours", "5g" → "5G", "usb_ports" → "USB ports".</summary>
    public static string Attribute(string key)
    {
        var words = key.Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.Contains(w) || (char.IsDigit(w[0]) && w.Any(char.IsLetter)) ? w.ToUpperInvariant() : w.ToLowerInvariant())
            .ToArray();
        if (words.Length == 0)
        {
            return key;
        }
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    /// <summary>A facet or attribute value as text: booleans as Yes/No, anything else as it is.</summary>
    public static string Value(string value) => value.ToLowerInvariant() switch
    {
        "true" => "Yes",
        "false" => "No",
        _ => value,
    };

    /// <summary>An attribute's JSON value as text (booleans as Yes/No, strings without quotes).</summary>
    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.ToString(),
    };

    /// <summary>"visa" → "Visa", "mastercard" → "Mastercard", "amex" → "American Express".</summary>
    public static string CardBrand(string brand) => brand.ToLowerInvariant() switch
    {
        "amex" or "american_express" => "American Express",
        "mastercard" => "Mastercard",
        "diners" => "Diners Club",
        "unionpay" => "UnionPay",
        "jcb" => "JCB",
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(brand.Replace('_', ' ').ToLowerInvariant()),
    };

    /// <summary>An order's number as the shop and its e-mails name it: the id's last 8 hex digits, upper case (7C3C6BA4).</summary>
    public static string OrderNumber(Guid id) => id.ToString("N")[^8..].ToUpperInvariant();
}
