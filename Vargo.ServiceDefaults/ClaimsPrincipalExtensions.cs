using System.Security.Claims;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one way a Vargo service reads its caller from a validated access token. Claim names are the token's own
/// (<c>MapInboundClaims</c> is off): <c>sub</c> is the user id (a GUID), <c>email</c>, <c>name</c>, <c>roles</c>.
/// </summary>
public static class ClaimsPrincipalExtensions
{
    public const string UserIdClaim = "sub";
    public const string EmailClaim = "email";
    public const string NameClaim = "name";
    public const string RolesClaim = "roles";

    /// <summary>
    /// The caller's user id. <see cref="AuthenticationExtensions.AddDefaultAuthentication"/> refuses (401) every token whose
    /// <c>sub</c> is not a GUID, so on an endpoint that requires a user this cannot fail; on an anonymous one use
    /// <see cref="TryGetUserId"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The principal carries no user id (an anonymous caller).</exception>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        user.TryGetUserId(out var userId)
            ? userId
            : throw new InvalidOperationException("The caller has no user id: the endpoint must require an authenticated user.");

    /// <summary>The caller's user id, or false for an anonymous caller (or a principal that is not a Vargo user).</summary>
    public static bool TryGetUserId(this ClaimsPrincipal user, out Guid userId) =>
        Guid.TryParse(user.FindFirstValue(UserIdClaim), out userId);

    /// <summary>The caller's email address as Auth issued it, or null when the token carries none.</summary>
    public static string? GetEmail(this ClaimsPrincipal user) => user.FindFirstValue(EmailClaim);
}
