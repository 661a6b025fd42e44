using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>A maintenance action the AppHost's dashboard runs as a resource command; <c>Run</c> answers one line for the operator.</summary>
public sealed record OpsCommand(string Name, Func<IServiceProvider, CancellationToken, Task<string>> Run);

/// <summary>The answer of <c>POST /ops/{name}</c>: the command's name and what it did, in one line.</summary>
public sealed record OpsCommandResult(string Command, string Message);

/// <summary>
/// Ops commands (reseed, rebuild, replay…) for the Aspire dashboard's resource commands. They are mapped at
/// <c>POST /ops/{name}</c>, outside <c>/api</c> (the gateway forwards only <c>/api/{service}/**</c>, so no public caller
/// reaches them), and only when the AppHost gave the service an ops key (<c>Ops:Key</c>, generated per run, development
/// only). A request must carry that key in <c>X-Vargo-Ops-Key</c>; a missing or wrong key is 401, an unknown command 404.
/// People with the admin role use each service's admin API instead.
/// </summary>
public static class OpsCommandExtensions
{
    public const string KeyHeader = "X-Vargo-Ops-Key";
    public const string KeySetting = "Ops:Key";
    public const string PathPrefix = "/ops";

    /// <summary>Registers an ops command; <paramref name="run"/> gets a fresh DI scope per call.</summary>
    public static IServiceCollection AddOpsCommand(
        this IServiceCollection services, string name, Func<IServiceProvider, CancellationToken, Task<string>> run) =>
        services.AddSingleton(new OpsCommand(name, run));

    /// <summary>Maps <c>POST /ops/{name}</c> for the registered commands when an ops key is configured; otherwise nothing.</summary>
    public static WebApplication MapOpsCommands(this WebApplication app)
    {
        var key = app.Configuration[KeySetting];
        if (string.IsNullOrEmpty(key))
        {
            return app;
        }
        var expected = Encoding.UTF8.GetBytes(key);
        app.MapPost(PathPrefix + "/{name}", RunCommand)
            // The ops key is the credential here, not a user token.
            .AllowAnonymous()
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                var sent = context.HttpContext.Request.Headers[KeyHeader].ToString();
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), expected)
                    ? await next(context)
                    : TypedResults.Unauthorized();
            });
        return app;
    }

    private static async Task<Results<Ok<OpsCommandResult>, NotFound>> RunCommand(
        string name, IEnumerable<OpsCommand> commands, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        if (commands.FirstOrDefault(c => c.Name == name) is not { } command)
        {
            return TypedResults.NotFound();
        }
        await using var scope = scopes.CreateAsyncScope();
        return TypedResults.Ok(new OpsCommandResult(name, await command.Run(scope.ServiceProvider, cancellationToken)));
    }
}
