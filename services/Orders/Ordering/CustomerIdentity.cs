using System.Security.Claims;

namespace Vargo.Orders.Ordering;

public static class CustomerIdentity
{
    /// <summary>The signed-in customer's id: Auth puts the user id in <c>sub</c> (claims are not remapped).</summary>
    public static Guid CustomerId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : throw new InvalidOperationException("The access token has no user id.");

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue("email") ?? "";
}
