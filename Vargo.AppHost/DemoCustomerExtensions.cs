namespace Vargo.AppHost;

public static class DemoCustomerExtensions
{
    /// <summary>
    /// A demo customer Auth creates at start (development only): email from the parameter <c>demo-customer-email</c>
    /// (default demo@vargo.local), password generated once and kept in the AppHost's user secrets like
    /// <c>admin-password</c>; both show in the dashboard's parameters. Letters and digits only, so it can be typed.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDemoCustomer(this IResourceBuilder<ProjectResource> auth)
    {
        var builder = auth.ApplicationBuilder;
        // Read first: AddParameter(name, value) declares a constant that Parameters:demo-customer-email could not override.
        var email = builder.AddParameter("demo-customer-email",
            builder.Configuration["Parameters:demo-customer-email"] is { Length: > 0 } configured ? configured : "demo@vargo.local");
        var password = builder.AddParameter("demo-customer-password",
            new GenerateParameterDefault { MinLength = 16, Special = false }, secret: true, persist: true);
        return auth.WithEnvironment("Auth__DemoCustomer__Email", email)
            .WithEnvironment("Auth__DemoCustomer__Password", password);
    }
}
