using Microsoft.AspNetCore.Identity;

namespace Vargo.Auth.Accounts;

/// <summary>A Vargo account: Identity's user (normalized unique email, password hash, lockout) plus the profile.</summary>
public sealed class VargoUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public List<Address> Addresses { get; set; } = [];

    public NotificationPreferences NotificationPreferences { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
}
