using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Vargo.Auth.ExternalLogins;

/// <summary>
/// Google and Microsoft sign-in, each on only when its client id and secret are configured
/// (<c>Authentication:Google:*</c>, <c>Authentication:Microsoft:*</c>). The provider's answer lands in a
/// short-lived cookie; <see cref="ExternalLoginApi"/> turns it into a Vargo account and Vargo tokens.
/// </summary>
public static class ExternalLoginExtensions
{
    public const string Google = "Google";
    public const string Microsoft = "Microsoft";

    public static IHostApplicationBuilder AddExternalLogins(this IHostApplicationBuilder builder)
    {
        // Whether a provider's scheme exists at all is decided while services are registered, before any IOptions can
        // be resolved: the typed sections are read here once, and the schemes' own options carry the values on.
        var google = builder.Configuration.GetSection(ExternalLoginOptions.GoogleSection).Get<ExternalLoginOptions>() ?? new();
        var microsoft = builder.Configuration.GetSection(ExternalLoginOptions.MicrosoftSection).Get<ExternalLoginOptions>() ?? new();
        var googleOn = google.Enabled;
        var microsoftOn = microsoft.Enabled;
        if (!googleOn && !microsoftOn)
        {
            return builder;
        }

        var authentication = builder.Services.AddAuthentication()
            .AddCookie(IdentityConstants.ExternalScheme, options =>
            {
                options.Cookie.Name = "vargo.external";
                options.Cookie.Path = "/api/auth/external";
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });

        if (googleOn)
        {
            authentication.AddGoogle(Google, options =>
            {
                options.ClientId = google.ClientId!;
                options.ClientSecret = google.ClientSecret!;
                // Under /api/auth so the gateway forwards the provider's redirect.
                options.CallbackPath = "/api/auth/signin-google";
                options.SignInScheme = IdentityConstants.ExternalScheme;
            });
        }

        if (microsoftOn)
        {
            // The Microsoft identity platform is OpenID Connect; "common" accepts work and personal accounts.
            authentication.AddOpenIdConnect(Microsoft, "Microsoft", options =>
            {
                options.Authority = $"https://login.microsoftonline.com/{microsoft.TenantId ?? "common"}/v2.0";
                options.ClientId = microsoft.ClientId;
                options.ClientSecret = microsoft.ClientSecret;
                options.ResponseType = "code";
                options.Scope.Add("email");
                options.CallbackPath = "/api/auth/signin-microsoft";
                options.SignInScheme = IdentityConstants.ExternalScheme;
                // Tenants differ per account under "common"; the token is still checked against Microsoft's keys.
                options.TokenValidationParameters.ValidateIssuer = microsoft.TenantId is not null;
            });
        }

        return builder;
    }
}
