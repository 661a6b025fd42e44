namespace Vargo.Auth.Tokens;

/// <summary>
/// One refresh token of a login session ("family"). Only the SHA-256 of the token is stored: the token
/// itself is 256 random bits, so a fast hash is enough and a leaked table yields nothing usable.
/// Refreshing consumes the token and issues its successor in the same family; presenting a consumed
/// token again means it was copied, so the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid FamilyId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
