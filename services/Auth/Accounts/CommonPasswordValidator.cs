using Microsoft.AspNetCore.Identity;

namespace Vargo.Auth.Accounts;

/// <summary>
/// NIST SP 800-63B style: rather than composition rules, refuse passwords that attackers try first.
/// The list is short on purpose (the most common passwords of at least 10 characters, plus anything built
/// from the site's name); a breached-password service can replace it.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<VargoUser>
{
    public const string ErrorCode = "PasswordTooCommon";

    private static readonly HashSet<string> CommonPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc",
        "qwertyuiop", "qwerty1234", "qwerty12345", "asdfghjkl1", "zxcvbnm123", "password12", "password123",
        "password1234", "passw0rd123", "iloveyou12", "football123", "baseball12", "princess12", "sunshine12",
        "welcome123", "letmein123", "abc1234567", "aaaaaaaaaa", "1111111111", "0000000000", "9876543210",
        "changeme123", "administrator", "trustno1234", "monkey12345", "dragon12345", "superman123",
        "michael123", "charlie123", "whatever12", "computer12", "internet12", "starwars12", "pokemon123",
        "vargo12345", "vargovargo", "vargo123456", "vargopassword",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<VargoUser> manager, VargoUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var isCommon = CommonPasswords.Contains(password)
            || IsOneRepeatedCharacter(password)
            || (user.Email is { Length: > 0 } email && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase)
                && email.Split('@')[0].Length >= 4);

        return Task.FromResult(isCommon
            ? IdentityResult.Failed(new IdentityError
            {
                Code = ErrorCode,
                Description = "This password is too common or too close to the email address; choose another."
            })
            : IdentityResult.Success);
    }

    private static bool IsOneRepeatedCharacter(string password) => password.All(c => c == password[0]);
}
