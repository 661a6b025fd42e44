using System.Globalization;

namespace Vargo.Web.Components.Shared;

public static class Money
{
    /// <summary>"19.99 USD": at least two decimals and every further digit the amount has (never rounded for display).</summary>
    public static string Format(decimal amount, string? currency) =>
        $"{amount.ToString("0.00##########", CultureInfo.InvariantCulture)} {currency}".TrimEnd();
}
