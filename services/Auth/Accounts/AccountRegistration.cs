using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vargo.Auth.Data;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Auth.Accounts;

public enum RegistrationOutcome { Created, Invalid, EmailTaken }

public sealed record RegistrationResult(RegistrationOutcome Outcome, VargoUser? User = null, Dictionary<string, string[]>? Errors = null);

/// <summary>
/// Creates an account with the customer role. The user row, the role and the <c>UserRegistered</c> outbox
/// row commit in one transaction: no account without its welcome event, no event without its account.
/// </summary>
public sealed class AccountRegistration(
    AuthDbContext db,
    UserManager<VargoUser> users,
    TimeProvider timeProvider)
{
    public async Task<RegistrationResult> RegisterAsync(
        string email, string? password, string displayName, CancellationToken cancellationToken,
        UserLoginInfo? externalLogin = null)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

                var user = new VargoUser
                {
                    Id = Guid.CreateVersion7(),
                    UserName = email,
                    Email = email,
                    DisplayName = displayName,
                    CreatedAt = timeProvider.GetUtcNow(),
                    // An external provider has already proved the address.
                    EmailConfirmed = externalLogin is not null,
                };

                var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
                if (!created.Succeeded)
                {
                    return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                        ? new RegistrationResult(RegistrationOutcome.EmailTaken)
                        : new RegistrationResult(RegistrationOutcome.Invalid, Errors: ToFieldErrors(created.Errors));
                }

                Ensure(await users.AddToRoleAsync(user, Roles.Customer));
                if (externalLogin is not null)
                {
                    Ensure(await users.AddLoginAsync(user, externalLogin));
                }

                db.AddIntegrationEvent(new UserRegistered(user.Id, email, displayName) { OccurredAt = user.CreatedAt });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new RegistrationResult(RegistrationOutcome.Created, user);
            });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with a concurrent registration of the same address.
            return new RegistrationResult(RegistrationOutcome.EmailTaken);
        }
    }

    /// <summary>Identity's error codes, prefixed to the message, so a client sees which rule failed (e.g. PasswordTooShort).</summary>
    public static Dictionary<string, string[]> ToFieldErrors(IEnumerable<IdentityError> errors) =>
        errors.GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "account")
            .ToDictionary(g => g.Key, g => g.Select(e => $"{e.Code}: {e.Description}").ToArray());

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Account set-up failed: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }
}
