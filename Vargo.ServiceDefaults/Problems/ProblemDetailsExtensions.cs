using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>One way for errors in every service (see <see cref="VargoProblems"/>).</summary>
public static partial class ProblemDetailsExtensions
{
    /// <summary>
    /// Problem details for every error response: each gets a <c>urn:vargo:problems:*</c> type and title from its
    /// status unless the endpoint chose a more specific one, plus the trace id. Binding and JSON failures become
    /// 400 problems naming the field (<see cref="BadRequestExceptionHandler"/>), and every string read from a JSON
    /// body passes <see cref="InputRules"/> (<see cref="SafeStringConverter"/>).
    /// </summary>
    public static IHostApplicationBuilder AddVargoProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if ((problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                && VargoProblems.ForStatus(status) is { } known)
            {
                problem.Type = known.Type;
                problem.Title = known.Title;
            }
            if (problem is HttpValidationProblemDetails validation)
            {
                CamelCaseFields(validation.Errors);
            }
            problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // A backing server down or restarting: 503 with Retry-After, never a 500 (issue 16; the rule for a dependency down).
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        // Minimal APIs then throw BadHttpRequestException for values that do not bind instead of answering a bare
        // 400 (or, in Development, a 500 page); the handler above writes one problem for both environments.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Insert(0, new SafeStringConverter());
            options.SerializerOptions.Converters.Insert(1, new SafeJsonElementConverter());
        });
        return builder;
    }

    /// <summary>
    /// Attribute validation names fields by their C# path (<c>Addresses[0].Country</c>); clients send and read JSON
    /// (<c>addresses[0].country</c>), so every field is reported the way it is spelled in the body.
    /// </summary>
    private static void CamelCaseFields(IDictionary<string, string[]> errors)
    {
        foreach (var key in errors.Keys.ToList())
        {
            // Only C# member paths; a header name such as Idempotency-Key keeps its spelling.
            var segments = key.Split('.');
            if (!segments.All(s => CSharpMember().IsMatch(s)))
            {
                continue;
            }
            var camel = string.Join('.', segments.Select(segment =>
                char.IsUpper(segment[0]) ? char.ToLowerInvariant(segment[0]) + segment[1..] : segment));
            if (camel == key)
            {
                continue;
            }
            var messages = errors[key];
            errors.Remove(key);
            errors[camel] = errors.TryGetValue(camel, out var existing) ? [.. existing, .. messages] : messages;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*$")]
    private static partial System.Text.RegularExpressions.Regex CSharpMember();
}
