using System.ComponentModel.DataAnnotations;
using Vargo.Auth.Accounts;

namespace Vargo.Auth.Apis;

/// <summary>A new customer account. Email: a valid address, at most 256 characters; password: 10 to 1000 characters,
/// not a common one; display name: 1 to 100 characters.</summary>
public sealed record RegisterRequest(
    [property: Required, EmailAddress, MaxLength(ProfileValidation.MaxEmailLength)] string? Email,
    [property: Required, MaxLength(ProfileValidation.MaxPasswordLength)] string? Password,
    [property: Required, MaxLength(ProfileValidation.MaxDisplayNameLength)] string? DisplayName);

public sealed record RegisteredUser(Guid Id, string Email, string DisplayName);

/// <summary>Credentials: both required.</summary>
public sealed record LoginRequest(
    [property: Required, MaxLength(ProfileValidation.MaxEmailLength)] string? Email,
    [property: Required, MaxLength(ProfileValidation.MaxPasswordLength)] string? Password);

/// <summary>A refresh token as issued (required for refresh; logout with none is a no-op).</summary>
public sealed record RefreshRequest([property: MaxLength(ProfileValidation.MaxTokenLength)] string? RefreshToken);

/// <summary>Both passwords required; the new one follows the registration rules.</summary>
public sealed record ChangePasswordRequest(
    [property: Required, MaxLength(ProfileValidation.MaxPasswordLength)] string? CurrentPassword,
    [property: Required, MaxLength(ProfileValidation.MaxPasswordLength)] string? NewPassword);

/// <summary>A postal address: recipient, line1, city, postal code and country required; every text at most 200 characters;
/// country an ISO 3166-1 alpha-2 code.</summary>
public sealed record AddressDto(
    [property: MaxLength(ProfileValidation.MaxFieldLength)] string? Label,
    [property: Required, MaxLength(ProfileValidation.MaxFieldLength)] string Recipient,
    [property: Required, MaxLength(ProfileValidation.MaxFieldLength)] string Line1,
    [property: MaxLength(ProfileValidation.MaxFieldLength)] string? Line2,
    [property: Required, MaxLength(ProfileValidation.MaxFieldLength)] string City,
    [property: MaxLength(ProfileValidation.MaxFieldLength)] string? Region,
    [property: Required, MaxLength(ProfileValidation.MaxFieldLength)] string PostalCode,
    [property: Required, RegularExpression(ProfileValidation.CountryCodePattern, ErrorMessage = ProfileValidation.CountryMessage)] string Country)
{
    public static AddressDto From(Address a) => new(a.Label, a.Recipient, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country);

    public Address ToAddress() => new()
    {
        Label = Label?.Trim(), Recipient = Recipient.Trim(), Line1 = Line1.Trim(), Line2 = Line2?.Trim(), City = City.Trim(),
        Region = Region?.Trim(), PostalCode = PostalCode.Trim(), Country = Country.Trim().ToUpperInvariant(),
    };
}

public sealed record NotificationPreferencesDto(bool OrderUpdatesByEmail, bool OrderUpdatesBySms, bool Promotions)
{
    public static NotificationPreferencesDto From(NotificationPreferences p) => new(p.OrderUpdatesByEmail, p.OrderUpdatesBySms, p.Promotions);
}

public sealed record Profile(
    Guid Id,
    string Email,
    string DisplayName,
    string? Phone,
    IReadOnlyList<AddressDto> Addresses,
    NotificationPreferencesDto NotificationPreferences,
    IReadOnlyList<string> Roles);

/// <summary>PUT replaces the whole editable profile; the email is the login and does not change here.</summary>
public sealed record UpdateProfileRequest(
    [property: Required, MaxLength(ProfileValidation.MaxDisplayNameLength)] string? DisplayName,
    [property: RegularExpression(ProfileValidation.PhonePatternText, ErrorMessage = ProfileValidation.PhoneMessage)] string? Phone,
    [property: MaxLength(ProfileValidation.MaxAddresses)] IReadOnlyList<AddressDto?>? Addresses,
    NotificationPreferencesDto? NotificationPreferences);
