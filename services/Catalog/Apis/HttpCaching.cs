using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Vargo.Catalog.Caching;

namespace Vargo.Catalog.Apis;

/// <summary>Writes a cached JSON response with its ETag, or 304 when the client already holds that version.</summary>
internal static class HttpCaching
{
    /// <summary>Sets the ETag and cache headers; true when the request's If-None-Match already names this version (answer 304).</summary>
    public static bool IsNotModified(HttpContext context, CachedResponse response)
    {
        context.Response.Headers.ETag = response.ETag;
        context.Response.Headers.CacheControl = "public, max-age=0, must-revalidate";
        return context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch
            && EntityTagHeaderValue.TryParse(response.ETag, out var current)
            && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    public static StatusCodeHttpResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    public static ContentHttpResult Json(CachedResponse response) => TypedResults.Content(response.Json, "application/json; charset=utf-8");

    /// <summary>The strong ETag of a product version; <c>If-Match</c> on updates compares against it.</summary>
    public static string ProductETag(long version) => $"\"v{version}\"";

    /// <summary>
    /// The version an <c>If-Match</c> header names. Null when absent; -1 when present but not a product ETag
    /// of ours (so it can never match).
    /// </summary>
    public static long? IfMatchVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        return EntityTagHeaderValue.TryParse(header, out var tag)
            && !tag.IsWeak
            && tag.Tag.Length > 3
            && tag.Tag.Value![1] == 'v'
            && long.TryParse(tag.Tag.AsSpan(2, tag.Tag.Length - 3), out var version)
            ? version
            : -1;
    }
}
