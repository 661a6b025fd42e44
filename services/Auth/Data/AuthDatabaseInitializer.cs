using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vargo.Auth.Accounts;
using Vargo.Auth.Signing;

namespace Vargo.Auth.Data;

/// <summary>
/// Before the server listens (<see cref="IHostedLifecycleService.StartingAsync"/>): applies migrations,
/// makes the roles, the first admin from <c>Auth:Admin:Email</c>/<c>Auth:Admin:Password</c> (AppHost
/// parameters, never source code) and the first signing key.
/// </summary>
public sealed class AuthDatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    SigningKeyRing keyRing,
    IConfiguration configuration,
    ILogger<AuthDatabaseInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        await SeedAdminAsync(scope.ServiceProvider, cancellationToken);
        await keyRing.GetCurrentAsync(cancellationToken);
    }

    private async Task SeedAdminAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var email = configuration["Auth:Admin:Email"];
        var password = configuration["Auth:Admin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            logger.LogInformation("No Auth:Admin:Email/Password configured: no admin account seeded");
            return;
        }

        var users = services.GetRequiredService<UserManager<VargoUser>>();
        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            var registration = services.GetRequiredService<AccountRegistration>();
            var result = await registration.RegisterAsync(email, password, "Administrator", cancellationToken);
            if (result.Outcome != RegistrationOutcome.Created)
            {
                throw new InvalidOperationException(
                    $"The admin account could not be created ({result.Outcome}: {string.Join("; ", result.Errors?.Keys.ToList() ?? [])}).");
            }
            admin = result.User!;
            logger.LogInformation("Created the admin account {Email}", email);
        }

        // The password stays whatever the admin set later; the parameter only makes the first one.
        if (!await users.IsInRoleAsync(admin, Roles.Admin))
        {
            await users.AddToRoleAsync(admin, Roles.Admin);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
