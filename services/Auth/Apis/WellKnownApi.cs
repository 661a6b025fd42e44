using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Vargo.Auth.Signing;
using Vargo.Auth.Tokens;

namespace Vargo.Auth.Apis;

/// <summary>
/// The OpenID discovery document and the JWKS, at the issuer's root where JwtBearer looks for them
/// (<c>{Identity:Url}/.well-known/openid-configuration</c>). Services reach Auth directly inside the
/// cluster; these are not routed through the gateway, so they are left out of the OpenAPI document (whose server is the
/// gateway: Scalar's "try it" would reach the storefront instead).
/// </summary>
public static class WellKnownApi
{
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks";

    public static IEndpointRouteBuilder MapWellKnownEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(DiscoveryPath, GetDiscoveryDocument)
            .WithName("GetOpenIdConfiguration")
            .WithSummary("OpenID Connect discovery: issuer and where the signing keys are.")
            .WithTags("Keys")
            .ExcludeFromDescription()
            .AllowAnonymous();

        app.MapGet(JwksPath, GetKeySetAsync)
            .WithName("GetJsonWebKeySet")
            .WithSummary("The public keys that sign access tokens (JWKS), each with its kid.")
            .WithTags("Keys")
            .ExcludeFromDescription()
            .AllowAnonymous();

        return app;
    }

    public static Ok<DiscoveryDocument> GetDiscoveryDocument(IOptions<AuthTokenOptions> options)
    {
        var issuer = options.Value.Issuer!;
        return TypedResults.Ok(new DiscoveryDocument(
            issuer,
            issuer + JwksPath,
            [SecurityAlgorithms.RsaSha256],
            ["public"],
            ["sub", "email", "name", "roles"]));
    }

    public static async Task<Ok<JsonWebKeySetDocument>> GetKeySetAsync(HttpContext httpContext, SigningKeyRing keyRing, CancellationToken cancellationToken)
    {
        var keys = await keyRing.GetCurrentAsync(cancellationToken);
        httpContext.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok(new JsonWebKeySetDocument(keys.PublishedKeys.Select(ToJwk).ToList()));
    }

    private static PublicJsonWebKey ToJwk(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        return new PublicJsonWebKey("RSA", "sig", SecurityAlgorithms.RsaSha256, key.KeyId, jwk.N, jwk.E);
    }
}

public sealed record DiscoveryDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> SigningAlgorithms,
    [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypes,
    [property: JsonPropertyName("claims_supported")] IReadOnlyList<string> Claims);

public sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJsonWebKey> Keys);

public sealed record PublicJsonWebKey(
    [property: JsonPropertyName("kty")] string KeyType,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("n")] string Modulus,
    [property: JsonPropertyName("e")] string Exponent);
