using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Says in a service's OpenAPI document how to authenticate: a <c>Bearer</c> security scheme (an RS256 access token
/// from Auth's <c>POST /api/auth/login</c>, field <c>access_token</c>) and, on every operation that needs a token,
/// a security requirement naming it. Operations that allow anonymous callers carry none, so a client (Scalar's
/// "try it", a generated SDK) sends the token exactly where it is needed. A service without JWT validation
/// (<see cref="AuthenticationExtensions.AddDefaultAuthentication"/>) gets neither.
/// </summary>
public sealed class BearerSecurityTransformer(
    IAuthenticationSchemeProvider? schemes = null,
    IOptions<AuthorizationOptions>? authorization = null) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The scheme's key under <c>components.securitySchemes</c>.</summary>
    public const string SchemeName = "Bearer";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (!await ValidatesTokensAsync())
        {
            return;
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token (RS256 JWT, 15 minutes) from `POST /api/auth/login` with `{\"email\", \"password\"}`: "
                + "send the response's `access_token`. Admin operations need an account with the `admin` role.",
        };
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!await ValidatesTokensAsync() || !NeedsToken(context.Description.ActionDescriptor.EndpointMetadata))
        {
            return;
        }
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
    }

    private async Task<bool> ValidatesTokensAsync() =>
        schemes is not null && await schemes.GetSchemeAsync(JwtBearerDefaults.AuthenticationScheme) is not null;

    // The rule the authorization middleware applies: AllowAnonymous anywhere on the endpoint wins; otherwise the endpoint's
    // own RequireAuthorization or the fallback policy (every Vargo service with JWT validation sets one) asks for a user.
    private bool NeedsToken(IList<object> metadata) =>
        !metadata.OfType<IAllowAnonymous>().Any()
        && (metadata.OfType<IAuthorizeData>().Any() || authorization?.Value.FallbackPolicy is not null);
}
