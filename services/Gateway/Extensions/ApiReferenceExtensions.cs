using Scalar.AspNetCore;

namespace Vargo.Gateway.Extensions;

/// <summary>
/// The API reference a developer opens first: one Scalar page at the gateway's <c>/scalar</c> (development only, like
/// every service's) listing every service's OpenAPI document. The documents come through the gateway
/// (<c>/openapi/{service}.json</c>, routes in <c>appsettings.Development.json</c>) with the caller's Host kept, so each
/// document's server is the gateway and "try it" goes through it, bearer token and all.
/// </summary>
public static class ApiReferenceExtensions
{
    /// <summary>The documents, by the name in <c>/openapi/{name}.json</c>, and the title Scalar shows.</summary>
    public static readonly IReadOnlyList<(string Name, string Title)> Documents =
    [
        ("auth", "Auth: accounts and tokens"),
        ("catalog", "Catalog: products and categories"),
        ("inventory", "Inventory: stock"),
        ("orders", "Orders: cart, checkout, orders"),
        ("payment", "Payment: payments and refunds"),
        ("recommendation", "Recommendation: search and suggestions"),
        ("notification", "Notification: messages and preferences"),
    ];

    /// <summary>
    /// Configures the Scalar page that <c>MapDefaultEndpoints</c> maps: the seven documents, the <c>Bearer</c> scheme
    /// (declared by every service's document) preselected, and the token kept across documents and reloads.
    /// </summary>
    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ScalarOptions>(options =>
        {
            options.WithTitle("Vargo API");
            foreach (var (name, title) in Documents)
            {
                options.AddDocument(name, title, $"/openapi/{name}.json", isDefault: name == "auth");
            }
            options.AddPreferredSecuritySchemes(BearerSecurityTransformer.SchemeName);
            // One token for all seven documents: signing in once (the Auth document's POST /api/auth/login, or
            // vargo.http) is enough for the whole API.
            options.EnablePersistentAuthentication();
        });
        return builder;
    }
}
