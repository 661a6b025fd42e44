using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Vargo.Auth.Accounts;
using Vargo.Auth.RateLimiting;
using Vargo.Auth.Tokens;

namespace Vargo.Auth.Apis;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Auth");

        api.MapServiceInfo("auth");

        api.MapPost("/register", RegisterAsync)
            .WithName("Register")
            .WithSummary("Create a customer account; publishes UserRegistered.")
            .AllowAnonymous()
            .RequireRateLimiting(AuthRateLimits.Register);

        api.MapPost("/login", LoginAsync)
            .WithName("Login")
            .WithSummary("Exchange email and password for an access token and a refresh token.")
            .AllowAnonymous()
            .RequireRateLimiting(AuthRateLimits.Login);

        api.MapPost("/refresh", RefreshAsync)
            .WithName("Refresh")
            .WithSummary("Exchange a refresh token for a new pair; the presented token dies.")
            .AllowAnonymous()
            .RequireRateLimiting(AuthRateLimits.Refresh);

        // Anonymous: holding the refresh token is what proves the session is yours, and an expired access token must not prevent logging out.
        api.MapPost("/logout", LogoutAsync)
            .WithName("Logout")
            .WithSummary("End the session the refresh token belongs to.")
            .AllowAnonymous();

        api.MapGet("/me", GetProfileAsync)
            .WithName("GetProfile")
            .WithSummary("The caller's profile.");

        api.MapPut("/me", UpdateProfileAsync)
            .WithName("UpdateProfile")
            .WithSummary("Replace the caller's name, phone, addresses and notification preferences.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/me/password", ChangePasswordAsync)
            .WithName("ChangePassword")
            .WithSummary("Change the password; every refresh token of the account is revoked.");

        return api;
    }

    public static async Task<Results<Created<RegisteredUser>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request,
        HttpContext httpContext,
        AccountRegistration registration,
        AccountRateLimiter limiter,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ProfileValidation.IsValidEmail(request.Email))
        {
            errors["email"] = ["A valid email address is required."];
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["A password is required."];
        }
        ProfileValidation.CheckDisplayName(request.DisplayName, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var email = request.Email!.Trim();
        if (!limiter.TryAcquire(AuthRateLimits.Register, email, out var retryAfter))
        {
            return AuthRateLimits.TooManyRequests(httpContext, retryAfter);
        }

        var result = await registration.RegisterAsync(email, request.Password!, request.DisplayName!.Trim(), cancellationToken);
        return result.Outcome switch
        {
            RegistrationOutcome.Created => TypedResults.Created("/api/auth/me",
                new RegisteredUser(result.User!.Id, result.User.Email!, result.User.DisplayName)),
            RegistrationOutcome.EmailTaken => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                type: AuthProblems.EmailTaken, title: "Email already registered",
                detail: "An account with this email address exists; log in or reset the password."),
            _ => TypedResults.ValidationProblem(result.Errors!),
        };
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        HttpContext httpContext,
        UserManager<VargoUser> users,
        SignInManager<VargoUser> signIn,
        TokenIssuer tokens,
        AccountRateLimiter limiter,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors["email"] = ["An email address is required."];
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["A password is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var email = request.Email!.Trim();
        if (!limiter.TryAcquire(AuthRateLimits.Login, email, out var retryAfter))
        {
            return AuthRateLimits.TooManyRequests(httpContext, retryAfter);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            // Spend the same hashing time as for a real account, so response time does not reveal which emails exist.
            users.PasswordHasher.VerifyHashedPassword(DummyUser.Instance, DummyUser.PasswordHash, request.Password!);
            return InvalidCredentials();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            var lockoutEnd = await users.GetLockoutEndDateAsync(user) ?? timeProvider.GetUtcNow();
            return AccountLocked(httpContext, lockoutEnd - timeProvider.GetUtcNow());
        }
        if (!result.Succeeded)
        {
            return InvalidCredentials();
        }

        return TypedResults.Ok(await tokens.IssueAsync(user, familyId: null, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        HttpContext httpContext,
        RefreshTokenStore refreshTokens,
        UserManager<VargoUser> users,
        TokenIssuer tokens,
        AccountRateLimiter limiter,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["A refresh token is required."] });
        }

        // Limit before consuming: a refused refresh must leave the client's token usable.
        var owner = await refreshTokens.FindUserIdAsync(request.RefreshToken, cancellationToken);
        if (owner is not null && !limiter.TryAcquire(AuthRateLimits.Refresh, owner.Value.ToString(), out var retryAfter))
        {
            return AuthRateLimits.TooManyRequests(httpContext, retryAfter);
        }

        var result = await refreshTokens.ConsumeAsync(request.RefreshToken, cancellationToken);
        if (result.Outcome != RefreshOutcome.Rotated)
        {
            return AuthProblems.Unauthorized(AuthProblems.InvalidRefreshToken, "The refresh token is unknown, expired or revoked; log in again.");
        }

        var user = await users.FindByIdAsync(result.UserId.ToString());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return AuthProblems.Unauthorized(AuthProblems.InvalidRefreshToken, "The account cannot sign in; log in again.");
        }

        return TypedResults.Ok(await tokens.IssueAsync(user, result.FamilyId, cancellationToken));
    }

    public static async Task<NoContent> LogoutAsync(RefreshRequest request, RefreshTokenStore refreshTokens, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            await refreshTokens.RevokeFamilyAsync(request.RefreshToken, cancellationToken);
        }
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Profile>, NotFound>> GetProfileAsync(ClaimsPrincipal principal, UserManager<VargoUser> users)
    {
        var user = await FindCallerAsync(principal, users);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(await ToProfileAsync(user, users));
    }

    public static async Task<Results<Ok<Profile>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateProfileAsync(
        UpdateProfileRequest request, ClaimsPrincipal principal, UserManager<VargoUser> users)
    {
        var errors = ProfileValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = await FindCallerAsync(principal, users);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        user.DisplayName = request.DisplayName!.Trim();
        user.PhoneNumber = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        user.Addresses = (request.Addresses ?? []).Select(a => a!.ToAddress()).ToList();
        if (request.NotificationPreferences is { } preferences)
        {
            user.NotificationPreferences = new NotificationPreferences
            {
                OrderUpdatesByEmail = preferences.OrderUpdatesByEmail,
                OrderUpdatesBySms = preferences.OrderUpdatesBySms,
                Promotions = preferences.Promotions,
            };
        }

        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded)
        {
            return TypedResults.Ok(await ToProfileAsync(user, users));
        }
        // Another update of this account (another tab, another device) committed between our read and our write.
        return updated.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
            ? VargoProblems.Refuse(StatusCodes.Status409Conflict, VargoProblems.Conflict, "Conflict",
                "The profile was changed by another request at the same time; read it again and retry.")
            : TypedResults.ValidationProblem(AccountRegistration.ToFieldErrors(updated.Errors));
    }

    public static async Task<Results<NoContent, ValidationProblem, NotFound>> ChangePasswordAsync(
        ChangePasswordRequest request,
        ClaimsPrincipal principal,
        UserManager<VargoUser> users,
        RefreshTokenStore refreshTokens,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors["currentPassword"] = ["The current password is required."];
        }
        if (string.IsNullOrEmpty(request.NewPassword))
        {
            errors["newPassword"] = ["A new password is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = await FindCallerAsync(principal, users);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var changed = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
        if (!changed.Succeeded)
        {
            return TypedResults.ValidationProblem(changed.Errors
                .GroupBy(e => e.Code == "PasswordMismatch" ? "currentPassword" : "newPassword")
                .ToDictionary(g => g.Key, g => g.Select(e => $"{e.Code}: {e.Description}").ToArray()));
        }

        await refreshTokens.RevokeAllAsync(user.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidCredentials() =>
        AuthProblems.Unauthorized(AuthProblems.InvalidCredentials, "The email or password is wrong.");

    private static ProblemHttpResult AccountLocked(HttpContext httpContext, TimeSpan remaining)
    {
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status423Locked, type: AuthProblems.AccountLocked,
            title: "Account locked",
            detail: "Too many failed logins: the account is locked for a while. Retry after the time in the Retry-After header.");
    }

    private static async Task<VargoUser?> FindCallerAsync(ClaimsPrincipal principal, UserManager<VargoUser> users)
    {
        return principal.TryGetUserId(out var id) ? await users.FindByIdAsync(id.ToString()) : null;
    }

    private static async Task<Profile> ToProfileAsync(VargoUser user, UserManager<VargoUser> users) => new(
        user.Id,
        user.Email!,
        user.DisplayName,
        user.PhoneNumber,
        user.Addresses.Select(AddressDto.From).ToList(),
        NotificationPreferencesDto.From(user.NotificationPreferences),
        (await users.GetRolesAsync(user)).ToList());

    private static class DummyUser
    {
        public static readonly VargoUser Instance = new() { DisplayName = "", UserName = "" };
        public static readonly string PasswordHash = new PasswordHasher<VargoUser>().HashPassword(Instance, Guid.NewGuid().ToString());
    }
}
