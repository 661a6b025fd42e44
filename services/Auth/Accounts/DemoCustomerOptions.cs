using System.ComponentModel.DataAnnotations;

namespace Vargo.Auth.Accounts;

/// <summary>
/// Settings under <c>Auth:DemoCustomer</c>: a customer account made at start-up when both are set, so a newcomer can sign
/// in and buy at once. The AppHost sets them in development only (parameters <c>demo-customer-email</c> and
/// <c>demo-customer-password</c>); a published app has no demo customer.
/// </summary>
public sealed class DemoCustomerOptions
{
    public const string Section = "Auth:DemoCustomer";

    [EmailAddress]
    public string? Email { get; set; }

    /// <summary>At least 10 characters, the length rule every account has.</summary>
    [MinLength(10)]
    public string? Password { get; set; }
}
