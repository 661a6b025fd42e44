using System.Net.Mail;
using System.Text.RegularExpressions;
using Vargo.Auth.Apis;
using Vargo.Iso;

namespace Vargo.Auth.Accounts;

/// <summary>Field checks for the account endpoints; each error is keyed by the JSON field it is about.</summary>
public static partial class ProfileValidation
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxAddresses = 10;
    public const int MaxFieldLength = 200;
    public const int MaxEmailLength = 256;
    public const int MaxPasswordLength = 1000;
    public const int MaxTokenLength = 512;
    public const string PhonePatternText = @"^\+?[0-9 ()\-]{6,20}$";
    public const string PhoneMessage = "A phone number is digits, spaces, dashes or parentheses, optionally starting with +, 6 to 20 characters.";
    public const string CountryCodePattern = "^[A-Za-z]{2}$";
    public const string CountryMessage = "A country is an assigned ISO 3166-1 alpha-2 code, such as FR or US.";

    public static bool IsValidEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= MaxEmailLength
        && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email.Trim() && email.Contains('.', StringComparison.Ordinal);

    public static void CheckDisplayName(string? displayName, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            errors["displayName"] = ["A display name is required."];
        }
        else if (displayName.Trim().Length > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"A display name has at most {MaxDisplayNameLength} characters."];
        }
    }

    public static Dictionary<string, string[]> Validate(UpdateProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        CheckDisplayName(request.DisplayName, errors);

        if (request.Phone is { Length: > 0 } phone && !PhonePattern().IsMatch(phone))
        {
            errors["phone"] = [PhoneMessage];
        }

        var addresses = request.Addresses ?? [];
        if (addresses.Count > MaxAddresses)
        {
            errors["addresses"] = [$"At most {MaxAddresses} addresses."];
        }
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i];
            if (address is null)
            {
                errors[$"addresses[{i}]"] = ["An address is required."];
                continue;
            }
            Require(address.Recipient, $"addresses[{i}].recipient", errors);
            Require(address.Line1, $"addresses[{i}].line1", errors);
            Require(address.City, $"addresses[{i}].city", errors);
            Require(address.PostalCode, $"addresses[{i}].postalCode", errors);
            // Checked against the assigned codes (Vargo.Iso): "ZZ" has the right shape but is no country. The
            // profile stores the code upper-cased, so "fr" is accepted as FR.
            if (address.Country is null || !Countries.IsAssigned(address.Country.Trim().ToUpperInvariant()))
            {
                errors[$"addresses[{i}].country"] = [CountryMessage];
            }
            foreach (var (value, field) in new[] { (address.Label, "label"), (address.Line2, "line2"), (address.Region, "region") })
            {
                if (value is { Length: > MaxFieldLength })
                {
                    errors[$"addresses[{i}].{field}"] = [$"At most {MaxFieldLength} characters."];
                }
            }
        }
        return errors;
    }

    private static void Require(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else if (value.Length > MaxFieldLength)
        {
            errors[field] = [$"At most {MaxFieldLength} characters."];
        }
    }

    [GeneratedRegex(PhonePatternText)]
    private static partial Regex PhonePattern();
}
