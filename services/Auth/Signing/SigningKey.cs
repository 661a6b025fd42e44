namespace Vargo.Auth.Signing;

/// <summary>
/// An RSA key that signs access tokens. The private half is stored protected by ASP.NET Core Data
/// Protection (purpose <see cref="SigningKeyRing.ProtectorPurpose"/>); the public half in the clear for the JWKS.
/// A key is published from creation, signs from <see cref="ActivatesAt"/> until its successor activates,
/// and stays published until the last token it signed has expired.
/// </summary>
public sealed class SigningKey
{
    /// <summary>The JWT <c>kid</c>.</summary>
    public required string Id { get; set; }
    public required byte[] ProtectedPrivateKey { get; set; }
    /// <summary>SubjectPublicKeyInfo (DER).</summary>
    public required byte[] PublicKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ActivatesAt { get; set; }
}
