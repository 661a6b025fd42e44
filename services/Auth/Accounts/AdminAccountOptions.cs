using System.ComponentModel.DataAnnotations;

namespace Vargo.Auth.Accounts;

/// <summary>
/// Settings under <c>Auth:Admin</c>: the first admin account, made at start-up when both are set (AppHost parameters or
/// user secrets, never the repo). Later changes of the password are the admin's; these only make the first one.
/// </summary>
public sealed class AdminAccountOptions
{
    public const string Section = "Auth:Admin";

    [EmailAddress]
    public string? Email { get; set; }

    /// <summary>At least 10 characters, the length rule every account has (NIST SP 800-63B).</summary>
    [MinLength(10)]
    public string? Password { get; set; }
}
