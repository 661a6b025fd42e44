using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The query, route and header half of <see cref="InputRules"/>: a request whose query parameter (name or value), route
/// value or a header the API reads as a value (<see cref="ValueHeaders"/>) holds a control character is answered 400
/// naming the parameter or header, in every service, before any handler (paths under <c>/api</c>).
/// </summary>
public sealed class ForbiddenCharacterMiddleware(RequestDelegate next)
{
    /// <summary>The headers whose value an API stores or compares (an idempotency key is kept with the order or payment).</summary>
    public static readonly string[] ValueHeaders = ["Idempotency-Key", "If-Match"];

    public Task InvokeAsync(HttpContext context)
    {
        // The API's rule. Every other path is the storefront's (through the gateway, and in the Web app itself): its
        // pages answer such input with a page of their own, showing the API's refusal, not with problem JSON.
        if (context.Request.Path.StartsWithSegments("/api") && FindForbidden(context) is { } field)
        {
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [InputRules.ControlCharacterMessage(field)],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Type = VargoProblems.InvalidParameter,
                Title = "A parameter is invalid",
            };
            return TypedResults.Problem(problem).ExecuteAsync(context);
        }
        return next(context);
    }

    private static string? FindForbidden(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (InputRules.HasForbiddenCharacter(name, allowLineBreaks: false))
            {
                return "query";
            }
            foreach (var value in values)
            {
                if (value is not null && InputRules.HasForbiddenCharacter(value, allowLineBreaks: false))
                {
                    return name;
                }
            }
        }
        foreach (var header in ValueHeaders)
        {
            foreach (var value in context.Request.Headers[header])
            {
                if (value is not null && InputRules.HasForbiddenCharacter(value, allowLineBreaks: false))
                {
                    return header;
                }
            }
        }
        foreach (var (name, value) in context.GetRouteData().Values)
        {
            if (value is string text && InputRules.HasForbiddenCharacter(text, allowLineBreaks: false))
            {
                return name;
            }
        }
        return null;
    }
}
