using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Hybrid;

namespace Vargo.Catalog.Caching;

/// <summary>
/// Public reads are cached as their serialized JSON plus ETag (so a hit costs no query and no serialization):
/// in process (L1) and in Redis (L2, shared by replicas), all under one tag that every write removes.
/// </summary>
public sealed class CatalogReadCache(HybridCache cache)
{
    private const string Tag = "catalog";
    private static readonly string[] Tags = [Tag];

    public static readonly HybridCacheEntryOptions EntryOptions = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = TimeSpan.FromMinutes(1),
    };

    /// <summary>
    /// Returns the cached response for <paramref name="key"/>, producing it when missing. The factory returns the
    /// JSON and optionally its ETag (a product's version); otherwise the ETag is a hash of the JSON.
    /// </summary>
    public ValueTask<CachedResponse> GetOrCreateAsync(
        string key,
        Func<CancellationToken, Task<(string Json, string? ETag)?>> factory,
        CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(
            "catalog:" + key,
            factory,
            static async (produce, ct) =>
            {
                var produced = await produce(ct);
                if (produced is not { } response)
                {
                    return CachedResponse.NotFound;
                }
                return new CachedResponse(response.Json, response.ETag ?? HashETag(response.Json), Found: true);
            },
            EntryOptions,
            Tags,
            cancellationToken);

    public ValueTask InvalidateAsync(CancellationToken cancellationToken) => cache.RemoveByTagAsync(Tag, cancellationToken);

    private static string HashETag(string json)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(json), hash);
        return $"W/\"{Convert.ToHexStringLower(hash[..12])}\"";
    }
}

/// <summary>A cached public response; a miss is cached too (<see cref="Found"/> false) so unknown ids do not hit the store each time.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record CachedResponse(string Json, string ETag, bool Found)
{
    public static readonly CachedResponse NotFound = new("", "", false);
}
