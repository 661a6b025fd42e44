namespace Vargo.Auth.Accounts;

public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = AuthenticationExtensions.AdminRole;

    public static readonly IReadOnlyList<string> All = [Customer, Admin];
}
