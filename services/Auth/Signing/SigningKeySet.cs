using Microsoft.IdentityModel.Tokens;

namespace Vargo.Auth.Signing;

/// <summary>What one read of the key table yields: the key that signs now and every key a valid token may carry.</summary>
public sealed record SigningKeySet(
    SigningCredentials Credentials,
    IReadOnlyList<RsaSecurityKey> PublishedKeys,
    DateTimeOffset LoadedAt,
    DateTimeOffset ValidUntil);
