using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Vargo.Auth.Accounts;
using Vargo.Auth.Signing;

namespace Vargo.Auth.Data;

/// <summary>
/// Runs once the schema is current, before the server listens (<c>AddMigration&lt;AuthDbContext, AuthSeeder&gt;</c>): makes
/// the roles, the first admin from <see cref="AdminAccountOptions"/> (AppHost parameters, never source code), the demo
/// customer from <see cref="DemoCustomerOptions"/> (development only) and the first signing key. Idempotent: each step
/// looks before it writes. A refused password stops the start with the rule it broke (Identity's code and description).
/// </summary>
public sealed class AuthSeeder(
    RoleManager<IdentityRole<Guid>> roles,
    UserManager<VargoUser> users,
    AccountRegistration registration,
    SigningKeyRing keyRing,
    IOptions<AdminAccountOptions> admin,
    IOptions<DemoCustomerOptions> demoCustomer,
    ILogger<AuthSeeder> logger) : IDbSeeder<AuthDbContext>
{
    public async Task SeedAsync(AuthDbContext context, CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        await SeedAdminAsync(cancellationToken);
        await SeedDemoCustomerAsync(cancellationToken);
        await keyRing.GetCurrentAsync(cancellationToken);
    }

    private async Task SeedAdminAsync(CancellationToken cancellationToken)
    {
        var email = admin.Value.Email;
        var password = admin.Value.Password;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            logger.LogInformation("No Auth:Admin:Email/Password configured: no admin account seeded");
            return;
        }

        var account = await FindOrCreateAsync("admin account", email, password, "Administrator", cancellationToken);

        // The password stays whatever the admin set later; the parameter only makes the first one. Say so when they
        // differ: a data folder made by an earlier run (another clone at the same path, older user secrets) keeps its
        // admin, and "the password from the parameter" then fails to sign in with nothing to explain why.
        if (!await users.CheckPasswordAsync(account, password))
        {
            logger.LogWarning(
                "The admin account {Email} already exists with a password other than the admin-password parameter (the parameter only sets the first one): sign in with the password it was created or changed to, or delete the AppHost's data folder to start afresh",
                email);
        }
        if (!await users.IsInRoleAsync(account, Roles.Admin))
        {
            await users.AddToRoleAsync(account, Roles.Admin);
        }
    }

    private async Task SeedDemoCustomerAsync(CancellationToken cancellationToken)
    {
        var (email, password) = (demoCustomer.Value.Email, demoCustomer.Value.Password);
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            await FindOrCreateAsync("demo customer", email, password, "Demo Customer", cancellationToken);
        }
    }

    private async Task<VargoUser> FindOrCreateAsync(string what, string email, string password, string displayName, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return existing;
        }
        var result = await registration.RegisterAsync(email, password, displayName, cancellationToken);
        if (result.Outcome != RegistrationOutcome.Created)
        {
            // Which rule, in Identity's words (e.g. "PasswordTooCommon: This password is too common or too close to the
            // email address"), never the password itself: the operator fixes the parameter from this line alone.
            var reasons = result.Errors?.SelectMany(field => field.Value) ?? [result.Outcome == RegistrationOutcome.EmailTaken ? "the email is taken" : "refused"];
            throw new InvalidOperationException($"The {what} {email} could not be created ({result.Outcome}): {string.Join("; ", reasons)}");
        }
        logger.LogInformation("Created the {What} {Email}", what, email);
        return result.User!;
    }
}
