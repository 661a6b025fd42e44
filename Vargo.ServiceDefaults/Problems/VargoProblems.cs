using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The RFC 9457 problem types every Vargo service answers with, so a client branches on one set of <c>type</c>s:
/// <c>urn:vargo:problems:{name}</c>, a fixed title per type, the HTTP status, and for input errors the JSON field
/// (or query/route parameter) in <c>errors</c>. Services add their own domain types with <see cref="Type"/>.
/// </summary>
public static class VargoProblems
{
    public const string Prefix = "urn:vargo:problems:";

    /// <summary>400: one or more fields are invalid; <c>errors</c> maps each field to its messages.</summary>
    public const string Validation = Prefix + "validation";
    /// <summary>400: the body is not JSON, or a value has the wrong JSON type; <c>errors</c> names the field.</summary>
    public const string MalformedBody = Prefix + "malformed-body";
    /// <summary>400: a query, route or header value does not parse as its type; <c>errors</c> names the parameter.</summary>
    public const string InvalidParameter = Prefix + "invalid-parameter";
    /// <summary>401: no valid token, or invalid credentials.</summary>
    public const string Unauthorized = Prefix + "unauthorized";
    /// <summary>403: the token lacks the role the operation needs.</summary>
    public const string Forbidden = Prefix + "forbidden";
    /// <summary>404: unknown, or someone else's.</summary>
    public const string NotFound = Prefix + "not-found";
    /// <summary>409: the request conflicts with the resource's current state.</summary>
    public const string Conflict = Prefix + "conflict";
    /// <summary>413: the body is larger than the service accepts.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    /// <summary>415: the body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    /// <summary>429: too many requests; <c>Retry-After</c> says when to retry.</summary>
    public const string TooManyRequests = Prefix + "rate-limited";
    /// <summary>500: a fault of ours (never caused by what a client sends).</summary>
    public const string ServerError = Prefix + "server-error";
    /// <summary>503: a dependency is down; <c>Retry-After</c> says when to retry.</summary>
    public const string Unavailable = Prefix + "unavailable";

    /// <summary>A service's own problem type, e.g. <c>Type("email-taken")</c>.</summary>
    public static string Type(string name) => Prefix + name;

    /// <summary>The default type and title for a status, used when a response has no more specific type.</summary>
    public static (string Type, string Title)? ForStatus(int status) => status switch
    {
        400 => (Validation, "The request is invalid"),
        401 => (Unauthorized, "Unauthorized"),
        403 => (Forbidden, "Forbidden"),
        404 => (NotFound, "Not found"),
        405 => (Prefix + "method-not-allowed", "Method not allowed"),
        409 => (Conflict, "Conflict"),
        413 => (PayloadTooLarge, "Payload too large"),
        415 => (UnsupportedMediaType, "Unsupported media type"),
        429 => (TooManyRequests, "Too many requests"),
        500 => (ServerError, "Server error"),
        503 => (Unavailable, "Service unavailable"),
        _ => null,
    };

    /// <summary>400 with one field error.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, type: Validation,
            title: "The request is invalid");

    /// <summary>400 with field errors.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, type: Validation, title: "The request is invalid");

    /// <summary>A refusal that is not about one field (409, 422 …) with its type, title and detail.</summary>
    public static ProblemHttpResult Refuse(int status, string type, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, type: type, title: title, detail: detail);
}
