using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;

namespace Vargo.AppHost;

/// <summary>
/// A parameter default that configuration (<c>Parameters:&lt;name&gt;</c>, user secrets, azd's answer) overrides and that
/// the manifest publishes as <c>"default": { "value": … }</c>. Aspire's <c>AddParameter(name, "value")</c> would declare a
/// constant instead: configuration could never change it (the admin was always admin@vargo.local).
/// </summary>
public sealed class ValueParameterDefault(string value) : ParameterDefault
{
    public override void WriteToManifest(ManifestPublishingContext context) => context.Writer.WriteString("value", value);

    public override string GetDefaultValue() => value;
}

/// <summary>The settings a deployment asks for: each one an AppHost parameter, never a constant in code.</summary>
public static class DeploymentParameters
{
    /// <summary>A parameter with a default that <c>Parameters:&lt;name&gt;</c> overrides (not for secrets: the default is published).</summary>
    public static IResourceBuilder<ParameterResource> AddParameterWithDefault(
        this IDistributedApplicationBuilder builder, string name, string defaultValue, string description) =>
        builder.AddParameter(name, new ValueParameterDefault(defaultValue)).WithDescription(description);

    /// <summary>
    /// A secret the service can run without (it has a safe default: the simulated gateway, the mail folder, no assistant).
    /// Its default is empty, so neither <c>dotnet run</c> nor <c>azd up</c> insists on it; set it as
    /// <c>Parameters:&lt;name&gt;</c> (user secrets) or answer azd's prompt to switch the feature on.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddOptionalSecret(
        this IDistributedApplicationBuilder builder, string name, string description) =>
        builder.AddParameter(name, new ValueParameterDefault(""), secret: true).WithDescription(description);

    /// <summary>
    /// Hands an optional parameter to the service as <paramref name="variable"/>. Published: always (the deployment fills it,
    /// the service treats empty as unset). Run locally: only when configured, so an unset parameter leaves the service's
    /// own default (and its appsettings or user secrets) untouched.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOptionalParameter(
        this IResourceBuilder<ProjectResource> service, string variable, IResourceBuilder<ParameterResource> parameter)
    {
        var configured = service.ApplicationBuilder.Configuration[$"Parameters:{parameter.Resource.Name}"];
        return service.ApplicationBuilder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(configured)
            ? service.WithEnvironment(variable, parameter)
            : service;
    }
}
