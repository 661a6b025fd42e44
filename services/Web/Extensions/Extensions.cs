using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Http.Resilience;
using Vargo.Web.Api;
using Vargo.Web.Auth;

namespace Vargo.Web.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        // Data Protection encrypts the session cookie (which holds the API tokens) and the anti-forgery tokens.
        // Keys go to a folder (Web:KeysFolder; the AppHost points it under its data directory) so sessions survive a restart.
        var dataProtection = services.AddDataProtection().SetApplicationName("Vargo.Web");
        if (builder.Configuration["Web:KeysFolder"] is { Length: > 0 } keysFolder)
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(keysFolder));
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "vargo.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/access-denied";
                // The refresh token lives 30 days; the session lives as long as the shopper keeps coming back.
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<AccountClient>().ValidateAsync(context);
            });
        services.AddAuthorizationBuilder().AddPolicy("admin", policy => policy.RequireRole("admin"));

        var gateway = new Uri(builder.Configuration["Web:GatewayUrl"] ?? "http://gateway");
        services.AddScoped<SessionTokens>();
        // Service discovery and the standard resilience handler come from ServiceDefaults (ConfigureHttpClientDefaults).
        services.AddHttpClient<VargoApi>(http => http.BaseAddress = gateway);
        services.AddHttpClient<AccountClient>(http => http.BaseAddress = gateway);
        // A checkout on a cold system can take longer than the handler's default 10 s attempt: a retry with the same
        // Idempotency-Key would only wait for the first, so give one attempt the time the saga may take.
        services.ConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(120);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            // The gateway answers 503 at once for a service it knows is down, with Retry-After: 5. Obeying it (three
            // retries) held every page 15 s to show the same "cannot reach a service" message; a page retries twice,
            // quickly, for a blip, and otherwise says so at once (the shopper can reload).
            options.Retry.ShouldRetryAfterHeader = false;
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        });
    }
}
