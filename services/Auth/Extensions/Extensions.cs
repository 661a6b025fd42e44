using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Vargo.Auth.Accounts;
using Vargo.Auth.Data;
using Vargo.Auth.ExternalLogins;
using Vargo.Auth.RateLimiting;
using Vargo.Auth.Signing;
using Vargo.Auth.Tokens;
using Vargo.Messaging;

namespace Vargo.Auth.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on the request records (AccountContracts.cs), checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddNpgsqlDbContext<AuthDbContext>("authdb");
        // UserRegistered leaves through the outbox in authdb, committed with the account.
        builder.AddVargoMessaging("messaging").UseDbContext<AuthDbContext>();

        // Data Protection guards the signing keys' private halves; its own key ring lives in authdb so every
        // replica can read them. See README ("Signing keys") for what this does and does not protect against.
        builder.Services.AddDataProtection()
            .SetApplicationName("vargo-auth")
            .PersistKeysToDbContext<AuthDbContext>();

        builder.Services.AddIdentityCore<VargoUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = ""; // the user name is the email, whatever it contains
                // NIST SP 800-63B: length and a deny-list, no composition rules.
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AuthDbContext>()
            .AddSignInManager()
            .AddPasswordValidator<CommonPasswordValidator>();

        builder.Services.AddOptions<AuthTokenOptions>().BindConfiguration(AuthTokenOptions.Section)
            .PostConfigure<IOptions<IdentityProviderOptions>>((options, identity) =>
                options.Issuer = (options.Issuer ?? identity.Value.Url)?.TrimEnd('/'))
            .ValidateDataAnnotations()
            .Validate(options => Uri.TryCreate(options.Issuer, UriKind.Absolute, out _),
                "Set Identity:Url (the AppHost does) or Auth:Tokens:Issuer to the absolute URL services reach Auth at.")
            .ValidateOnStart();
        builder.Services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminAccountOptions>().BindConfiguration(AdminAccountOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DemoCustomerOptions>().BindConfiguration(DemoCustomerOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<SigningKeyConfigurationManager>();
        builder.Services.AddScoped<RefreshTokenStore>();
        builder.Services.AddScoped<TokenIssuer>();
        builder.Services.AddScoped<AccountRegistration>();
        builder.Services.AddMigration<AuthDbContext, AuthSeeder>();

        builder.AddDefaultAuthentication();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyConfigurationManager>((options, keys) => options.ConfigurationManager = keys);
        builder.AddExternalLogins();

        builder.Services.AddAuthRateLimiting();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only the gateway is exposed and YARP sets X-Forwarded-For from the connection it accepted, so the
            // last hop is the client; per-IP limits would otherwise see every client as the gateway.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });
    }
}
