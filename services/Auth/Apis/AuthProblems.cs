using Microsoft.AspNetCore.Http.HttpResults;

namespace Vargo.Auth.Apis;

/// <summary>Auth's own RFC 9457 problem types, in the shared <c>urn:vargo:problems:*</c> set (<see cref="VargoProblems"/>).</summary>
public static class AuthProblems
{
    public static readonly string AccountLocked = VargoProblems.Type("account-locked");
    public static readonly string InvalidCredentials = VargoProblems.Type("invalid-credentials");
    public static readonly string InvalidRefreshToken = VargoProblems.Type("invalid-refresh-token");
    public static readonly string EmailTaken = VargoProblems.Type("email-taken");

    public static ProblemHttpResult Unauthorized(string type, string detail) =>
        VargoProblems.Refuse(StatusCodes.Status401Unauthorized, type, "Unauthorized", detail);
}
