using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    /// Configuration keys: <c>Identity:Url</c> (the Auth service's base address; the AppHost sets it),
    /// <c>Identity:Audience</c> (default <c>vargo</c>). Every endpoint then needs a valid token unless it
    /// says <c>AllowAnonymous()</c>; <see cref="AdminPolicy"/> needs the admin role.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var identity = builder.Configuration.GetSection("Identity");
        var authority = identity["Url"];

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = authority;
                options.Audience = identity["Audience"] ?? "vargo";
                // Inside the cluster Auth is reached over plain http; tokens themselves are signed (RS256).
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidateIssuer = true;
                options.TokenValidationParameters.ValidateAudience = true;
                options.TokenValidationParameters.ValidateLifetime = true;
                options.TokenValidationParameters.ValidateIssuerSigningKey = true;
                options.TokenValidationParameters.RoleClaimType = "roles";
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));

        return builder;
    }
}
