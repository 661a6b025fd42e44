using System.Globalization;

namespace Vargo.Web.Components.Shared;

public static class Money
{
    /// <summary>"19.99 USD": at least two decimals and every further digit the amount has (never rounded for display).</summary>
    public static string Format(decimal amount, string? currency) =>
        $"{amount.ToString("0.00##########", CultureInfo.InvariantCulture)} {currency}".TrimEnd();

    /// <summary>
    /// The amount alone with the currency's minor digits ("21.99" for 21.9900 USD, "1500" for JPY) and any further
    /// non-zero digit it has (so nothing is rounded); for hints such as a price filter's placeholder.
    /// </summary>
    public static string Amount(decimal amount, string? currency)
    {
        var minor = currency?.ToUpperInvariant() switch
        {
            "JPY" or "KRW" or "VND" or "CLP" or "ISK" or "UGX" or "XAF" or "XOF" => 0,
            "BHD" or "KWD" or "OMR" or "JOD" or "TND" or "IQD" or "LYD" => 3,
            _ => 2,
        };
        return amount.ToString(new string('0', 1) + (minor > 0 ? "." + new string('0', minor) : ".") + "##########", CultureInfo.InvariantCulture);
    }
}
