using Vargo.Auth.Accounts;

namespace Vargo.Auth.Apis;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record RegisteredUser(Guid Id, string Email, string DisplayName);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record AddressDto(
    string? Label, string Recipient, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country)
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
    string? DisplayName,
    string? Phone,
    IReadOnlyList<AddressDto?>? Addresses,
    NotificationPreferencesDto? NotificationPreferences);
