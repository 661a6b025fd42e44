using Microsoft.AspNetCore.Http.HttpResults;

namespace Vargo.Auth.Apis;

/// <summary>RFC 9457 problem types a client can branch on.</summary>
public static class AuthProblems
{
    public const string AccountLocked = "urn:vargo:problems:account-locked";
    public const string InvalidCredentials = "urn:vargo:problems:invalid-credentials";
    public const string InvalidRefreshToken = "urn:vargo:problems:invalid-refresh-token";
    public const string EmailTaken = "urn:vargo:problems:email-taken";

    public static ProblemHttpResult Unauthorized(string type, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, type: type, title: "Unauthorized", detail: detail);
}
