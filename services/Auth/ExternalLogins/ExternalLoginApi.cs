using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Vargo.Auth.Accounts;
using Vargo.Auth.Apis;
using Vargo.Auth.Tokens;

namespace Vargo.Auth.ExternalLogins;

public static class ExternalLoginApi
{
    public static RouteGroupBuilder MapExternalLoginApi(this RouteGroupBuilder api)
    {
        api.MapGet("/external/{provider}", ChallengeAsync)
            .WithName("ExternalLogin")
            .WithSummary("Start signing in with Google or Microsoft (404 when that provider is not configured).")
            .AllowAnonymous();

        api.MapGet("/external/{provider}/callback", CompleteAsync)
            .WithName("ExternalLoginCallback")
            .WithSummary("Where the provider's sign-in ends: returns Vargo tokens, creating the account on first use.")
            .AllowAnonymous();

        return api;
    }

    public static async Task<Results<ChallengeHttpResult, NotFound>> ChallengeAsync(string provider, IAuthenticationSchemeProvider schemes)
    {
        var scheme = await FindProviderAsync(provider, schemes);
        return scheme is null
            ? TypedResults.NotFound()
            : TypedResults.Challenge(new AuthenticationProperties { RedirectUri = $"/api/auth/external/{provider}/callback" }, [scheme]);
    }

    public static async Task<Results<Ok<TokenResponse>, NotFound, ProblemHttpResult, ValidationProblem>> CompleteAsync(
        string provider,
        HttpContext httpContext,
        IAuthenticationSchemeProvider schemes,
        UserManager<VargoUser> users,
        AccountRegistration registration,
        TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        var scheme = await FindProviderAsync(provider, schemes);
        if (scheme is null)
        {
            return TypedResults.NotFound();
        }

        var external = await httpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await httpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var principal = external.Principal;
        var providerKey = principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal?.FindFirstValue("sub");
        var email = principal?.FindFirstValue(ClaimTypes.Email) ?? principal?.FindFirstValue("email");
        if (!external.Succeeded || principal is null || providerKey is null || !ProfileValidation.IsValidEmail(email))
        {
            return AuthProblems.Unauthorized(AuthProblems.InvalidCredentials, "The external sign-in did not complete or gave no email address.");
        }

        var user = await users.FindByLoginAsync(scheme, providerKey);
        if (user is null)
        {
            var name = principal.FindFirstValue(ClaimTypes.Name) ?? principal.FindFirstValue("name") ?? email!;
            var result = await registration.RegisterAsync(email!, password: null, name[..Math.Min(name.Length, ProfileValidation.MaxDisplayNameLength)],
                cancellationToken, new UserLoginInfo(scheme, providerKey, scheme));
            if (result.Outcome == RegistrationOutcome.EmailTaken)
            {
                // Linking by email alone would let whoever controls a provider account with that address take over the Vargo account.
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: AuthProblems.EmailTaken,
                    title: "Email already registered", detail: "An account with this email exists; log in with its password.");
            }
            if (result.Outcome == RegistrationOutcome.Invalid)
            {
                return TypedResults.ValidationProblem(result.Errors!);
            }
            user = result.User!;
        }

        return TypedResults.Ok(await tokens.IssueAsync(user, familyId: null, cancellationToken));
    }

    private static async Task<string?> FindProviderAsync(string provider, IAuthenticationSchemeProvider schemes)
    {
        var name = provider.ToLowerInvariant() switch
        {
            "google" => ExternalLoginExtensions.Google,
            "microsoft" => ExternalLoginExtensions.Microsoft,
            _ => null,
        };
        return name is not null && await schemes.GetSchemeAsync(name) is not null ? name : null;
    }
}
