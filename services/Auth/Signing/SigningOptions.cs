using System.ComponentModel.DataAnnotations;

namespace Vargo.Auth.Signing;

/// <summary>Settings under <c>Auth:Signing</c>: rotation is by setting, never by hand.</summary>
public sealed class SigningOptions
{
    public const string Section = "Auth:Signing";

    /// <summary>How long a key signs before the next one takes over.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long before it signs a new key is already in the JWKS, so services have fetched it before the
    /// first token with its <c>kid</c> arrives (they refresh their copy at least hourly).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long one replica reuses the key set it read from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>RSA modulus in bits; below 2048 is not considered safe.</summary>
    [Range(2048, 16384)]
    public int KeySize { get; set; } = 2048;
}
