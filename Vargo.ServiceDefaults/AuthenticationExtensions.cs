using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service validates Vargo access tokens locally against the keys the Auth service publishes
/// (its OpenID discovery document and JWKS): no call to Auth per request.
/// </summary>
public static class AuthenticationExtensions
{
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    /// <summary>
    /// Configuration: <see cref="IdentityProviderOptions"/> (<c>Identity:Url</c>, the Auth service's base address the
    /// AppHost sets, and <c>Identity:Audience</c>, default <c>vargo</c>). Every endpoint then needs a valid token unless it
    /// says <c>AllowAnonymous()</c>; <see cref="AdminPolicy"/> needs the admin role. A request that reaches no endpoint
    /// (unknown path 404, wrong method 405, wrong body type 415) gets routing's answer whoever sends it.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityProviderOptions>()
            .BindConfiguration(IdentityProviderOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Inside the cluster Auth is reached over plain http; tokens themselves are signed (RS256).
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
                // A token with an unknown kid triggers a re-fetch at most this often; new keys are published
                // hours before they sign, so this only matters if a key was rotated early.
                options.RefreshInterval = TimeSpan.FromSeconds(30);
                options.AutomaticRefreshInterval = TimeSpan.FromHours(1);

                var validation = options.TokenValidationParameters;
                validation.ValidateIssuer = true;
                validation.ValidateAudience = true;
                validation.ValidateLifetime = true;
                validation.RequireExpirationTime = true;
                validation.ValidateIssuerSigningKey = true;
                validation.RequireSignedTokens = true;
                // RS256 only: no "none", and no HS256 signed with the public key as a shared secret.
                validation.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
                // RFC 9068 access tokens: an ID token or any other JWT from the same key is not accepted.
                validation.ValidTypes = ["at+jwt"];
                validation.RoleClaimType = "roles";
                validation.NameClaimType = "name";
                validation.ClockSkew = TimeSpan.FromSeconds(30);

                // Every user-facing token carries its user id in `sub`; one without a GUID there is refused here (401),
                // so user.GetUserId() on an endpoint that needs a user never fails.
                options.Events ??= new JwtBearerEvents();
                options.Events.OnTokenValidated = context =>
                {
                    if (context.Principal?.TryGetUserId(out _) != true)
                    {
                        context.Fail("The access token has no user id.");
                    }
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityProviderOptions>>((options, identity) =>
            {
                // JwtBearer reads {Url}/.well-known/openid-configuration: the issuer every token must carry and
                // the JWKS to verify it with. Auth's issuer is this same Url (the AppHost gives both sides the
                // same endpoint), so issuer and discovery always agree.
                options.Authority = identity.Value.Url;
                options.Audience = identity.Value.Audience;
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true || !IsApplicationEndpoint(context.Resource))
                .Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));

        return builder;
    }

    /// <summary>
    /// Whether the request reached one of the service's own endpoints. The fallback policy (a signed-in user) guards those
    /// only: a path nothing maps (404), a method it does not take (405) or a body type it does not read (415) is answered by
    /// routing as such — for an anonymous caller too, who otherwise got 401 for a wrong URL or a form posted to a JSON
    /// endpoint — and reveals nothing a 401 would not (no handler runs). Routing's 405/415 answers are plain endpoints,
    /// never a <see cref="RouteEndpoint"/>.
    /// </summary>
    private static bool IsApplicationEndpoint(object? resource) =>
        resource is not HttpContext http || http.GetEndpoint() is RouteEndpoint;
}
