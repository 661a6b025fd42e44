using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Vargo.Auth.Accounts;
using Vargo.Auth.Signing;

namespace Vargo.Auth.Data;

/// <summary>
/// Runs once the schema is current, before the server listens (<c>AddMigration&lt;AuthDbContext, AuthSeeder&gt;</c>): makes
/// the roles, the first admin from <see cref="AdminAccountOptions"/> (AppHost parameters, never source code) and the
/// first signing key. Idempotent: each step looks before it writes.
/// </summary>
public sealed class AuthSeeder(
    RoleManager<IdentityRole<Guid>> roles,
    UserManager<VargoUser> users,
    AccountRegistration registration,
    SigningKeyRing keyRing,
    IOptions<AdminAccountOptions> admin,
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

        var account = await users.FindByEmailAsync(email);
        if (account is null)
        {
            var result = await registration.RegisterAsync(email, password, "Administrator", cancellationToken);
            if (result.Outcome != RegistrationOutcome.Created)
            {
                throw new InvalidOperationException(
                    $"The admin account could not be created ({result.Outcome}: {string.Join("; ", result.Errors?.Keys.ToList() ?? [])}).");
            }
            account = result.User!;
            logger.LogInformation("Created the admin account {Email}", email);
        }

        // The password stays whatever the admin set later; the parameter only makes the first one.
        if (!await users.IsInRoleAsync(account, Roles.Admin))
        {
            await users.AddToRoleAsync(account, Roles.Admin);
        }
    }
}
