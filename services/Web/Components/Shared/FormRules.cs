using System.Text.RegularExpressions;

namespace Vargo.Web.Components.Shared;

/// <summary>
/// The rules a form checks before it calls the API (the same limits the API has, see services/Auth/README.md), so a
/// shopper reads a sentence that says what to do, and the API's own wording (meant for developers) only as a fallback,
/// cleaned of its machine prefixes.
/// </summary>
public static partial class FormRules
{
    /// <summary>Auth's password rule: at least this many characters (and not a common one, which only Auth knows).</summary>
    public const int PasswordMinLength = 10;

    /// <summary>
    /// The problem with a text field, or null: <paramref name="what"/> names it in a sentence ("your name"). Control
    /// characters (an invisible character pasted with the text) are refused by every Vargo API: the form applies the
    /// APIs' own rule (<see cref="Microsoft.Extensions.Hosting.InputRules"/>), so it refuses exactly what they would.
    /// </summary>
    public static string? Text(string? value, string what, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? $"Please enter {what}." : null;
        }
        if (value.Length > max)
        {
            return $"Please shorten {what} to at most {max} characters (it has {value.Length}).";
        }
        return Microsoft.Extensions.Hosting.InputRules.HasForbiddenCharacter(value, allowLineBreaks: false)
            ? $"Please remove the invisible characters (such as tabs or line breaks) from {what}."
            : null;
    }

    public static string? Email(string? value) =>
        Text(value, "your email address", 256) ?? (EmailPattern().IsMatch(value!.Trim()) ? null : "Please enter an email address such as ada@example.com.");

    public static string? Password(string? value) =>
        string.IsNullOrEmpty(value) ? "Please choose a password."
        : value.Length < PasswordMinLength ? $"Please choose a password of at least {PasswordMinLength} characters."
        : value.Length > 1000 ? "Please choose a password of at most 1000 characters."
        : null;

    /// <summary>Auth's phone rule: digits, spaces, dashes, parentheses, an optional leading +; 6–20 characters.</summary>
    public static string? Phone(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : PhonePattern().IsMatch(value.Trim()) ? null
        : "Please enter a phone number of 6 to 20 digits; spaces, dashes, brackets and a leading + are fine.";

    public static string? Country(string? value, bool required = true) =>
        string.IsNullOrWhiteSpace(value) ? (required ? "Please enter the country as two letters, e.g. GB." : null)
        : CountryPattern().IsMatch(value.Trim()) ? null
        : "Please enter the country as two letters, e.g. GB or US.";

    /// <summary>
    /// An API message as a shopper can read it: without a machine prefix ("PasswordTooShort: …", "sku: …"), and
    /// framework wording about the request ("The field X must be…", "…not valid JSON…") replaced by
    /// <paramref name="fallback"/>.
    /// </summary>
    public static string? Plain(string? message, string fallback)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }
        var text = PrefixPattern().Replace(message.Trim(), "");
        return text.StartsWith("The field ", StringComparison.Ordinal) || text.Contains("JSON", StringComparison.Ordinal)
            || text.Contains('\'') && text.Contains("is missing", StringComparison.Ordinal)
            ? fallback
            : text;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9 ()\-]{6,20}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();

    // "PasswordTooShort: ", "sku: ", "addresses[0].city: " — a code or a field name, then the sentence.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\[\]]*:\s+")]
    private static partial Regex PrefixPattern();
}
