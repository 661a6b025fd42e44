namespace Vargo.AppHost;

public static class DemoCustomerExtensions
{
    /// <summary>
    /// A demo customer Auth creates at start (development only): email from the parameter <c>demo-customer-email</c>
    /// (default demo@vargo.local, <c>Parameters:demo-customer-email</c> replaces it), password generated once and kept in
    /// the AppHost's user secrets like <c>admin-password</c>; both show in the dashboard's parameters. Letters and digits
    /// only, so it can be typed.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDemoCustomer(this IResourceBuilder<ProjectResource> auth)
    {
        var builder = auth.ApplicationBuilder;
        var email = builder.AddParameterWithDefault("demo-customer-email", "demo@vargo.local", "The demo customer's email (development only)");
        var password = builder.AddParameter("demo-customer-password",
                new GenerateParameterDefault { MinLength = 16, Special = false }, secret: true, persist: true)
            .WithDescription("The demo customer's password (generated when not set; development only)");
        return auth.WithEnvironment("Auth__DemoCustomer__Email", email)
            .WithEnvironment("Auth__DemoCustomer__Password", password);
    }
}
