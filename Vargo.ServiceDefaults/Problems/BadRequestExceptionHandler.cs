using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns what a client sent wrong, but that fails before a handler runs, into a 4xx problem naming the field:
/// a body that is not JSON or has a value of the wrong type (<see cref="JsonException"/> with its path), a
/// query/route/header value that does not parse (<see cref="BadHttpRequestException"/> from parameter binding),
/// a missing or oversized body. Without it these surface as 500 (minimal APIs throw them when
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> is on, which ServiceDefaults turns on everywhere so this one
/// place writes every such answer). The client's value is never echoed: it may be huge or binary.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not { } problem || httpContext.Response.HasStarted)
        {
            return false;
        }
        logger.LogDebug(exception, "Refused a request that does not bind: {Detail}", problem.Detail);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The problem for an exception a client caused, or null when it is ours (a real 500).</summary>
    public static ProblemDetails? Describe(Exception exception)
    {
        var json = FindJsonException(exception);
        if (exception is BadHttpRequestException bad)
        {
            var parameter = ParameterPattern().Match(bad.Message) is { Success: true } m ? m.Groups["name"].Value : null;
            if (json is not null)
            {
                return Malformed(json);
            }
            if (bad.StatusCode != StatusCodes.Status400BadRequest)
            {
                var (type, title) = VargoProblems.ForStatus(bad.StatusCode) ?? (VargoProblems.Validation, "The request is invalid");
                return new ProblemDetails { Status = bad.StatusCode, Type = type, Title = title, Detail = Redact(bad.Message) };
            }
            if (bad.Message.Contains("request body", StringComparison.OrdinalIgnoreCase)
                || bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase)
                || bad.Message.Contains("from body", StringComparison.OrdinalIgnoreCase))
            {
                return Field(VargoProblems.MalformedBody, "The request body is not valid JSON",
                    "body", "A JSON body is required.");
            }
            if (bad.Message.Contains("JSON media type", StringComparison.OrdinalIgnoreCase))
            {
                return new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType, Type = VargoProblems.UnsupportedMediaType,
                    Title = "Unsupported media type", Detail = "Send the body as application/json.",
                };
            }
            // Handler parameters are camelCase like the wire names; an [AsParameters] property (Page) is not.
            var name = parameter is { Length: > 0 } ? char.ToLowerInvariant(parameter[0]) + parameter[1..] : "request";
            var message = bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
                ? $"'{name}' is required."
                : $"'{name}' does not have the expected type{TypeOf(bad.Message)}.";
            return Field(VargoProblems.InvalidParameter, "A parameter is invalid", name, message);
        }
        return json is not null ? Malformed(json) : null;
    }

    private static ProblemDetails Malformed(JsonException json)
    {
        // The whole body (path "$") is reported as "body": the handler's parameter name means nothing to a client.
        var field = FieldOf(json.Path) ?? "body";
        var message = json.Path is null or "$"
            ? "The body is not valid JSON of the expected shape (an object)."
            : json.Message.StartsWith(InputRules.ControlCharacterMessagePrefix, StringComparison.Ordinal)
                ? json.Message
                : $"'{field}' is missing, not valid JSON or has the wrong type.";
        return Field(VargoProblems.MalformedBody, "The request body is not valid JSON", field, message);
    }

    private static ProblemDetails Field(string type, string title, string field, string message) =>
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Type = type,
            Title = title,
            Detail = message,
        };

    /// <summary>JSON path <c>$.addresses[0].country</c> → field <c>addresses[0].country</c>.</summary>
    private static string? FieldOf(string? path) =>
        path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static JsonException? FindJsonException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    private static string TypeOf(string message) =>
        ParameterPattern().Match(message) is { Success: true } m ? $" ({Expected(m.Groups["type"].Value.TrimEnd('?', '[', ']'))})" : "";

    /// <summary>What a client should send, in the API's words rather than .NET's type names.</summary>
    private static string Expected(string dotnetType) => Unwrapped(dotnetType).Split('.')[^1] switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => "a whole number",
        "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => "a number",
        "Guid" => "a UUID",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "an ISO 8601 date and time",
        "DateOnly" => "an ISO 8601 date (yyyy-mm-dd)",
        var other => other,
    };

    // "Nullable<int>" and "int?" are the same ask: an int, or nothing.
    private static string Unwrapped(string type) =>
        type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type["Nullable<".Length..^1] : type.TrimEnd('?');

    /// <summary>Binding messages quote the client's value after "from"; keep only the part before it.</summary>
    private static string Redact(string message)
    {
        var from = message.IndexOf(" from \"", StringComparison.Ordinal);
        return from < 0 ? message : message[..from] + ".";
    }

    // e.g. Failed to bind parameter "int page" from "abc".  /  Required parameter "Guid id" was not provided from route.
    [GeneratedRegex("parameter \"(?<type>[^\"]+?) (?<name>[^\" ]+)\"")]
    private static partial Regex ParameterPattern();
}
