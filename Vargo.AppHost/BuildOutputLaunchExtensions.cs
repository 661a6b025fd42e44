using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Vargo.AppHost;

/// <summary>
/// Starts a .NET service from its build output (<c>dotnet bin/&lt;Configuration&gt;/&lt;tfm&gt;/Vargo.X.dll</c>) instead of
/// Aspire's default <c>dotnet run --project … --no-build</c>.
/// </summary>
/// <remarks>
/// Why: <c>dotnet run</c> evaluates the project with MSBuild before it starts the app, even with <c>--no-build</c>;
/// measured with <c>bench/startup.sh</c> that cost 1.3–1.8 CPU-seconds per service, 13–16 of the 41–48 CPU-seconds a
/// warm start of the whole app took (docs/benchmarks.md, "Start-up"). Building the AppHost builds every service it
/// references, so the output is what <c>--no-build</c> would have run; the working directory stays the project folder
/// (the content root, as under <c>dotnet run</c>) and Aspire still sets every environment variable.
/// Left to Aspire's default (setting <c>RunServicesFromBuildOutput</c> = <c>false</c>, or automatically): under an IDE
/// debug session or <c>dotnet watch</c> (they launch the project themselves), when publishing, and when the build output is
/// missing (then <c>dotnet run</c> reports it as before).
/// </remarks>
public static class BuildOutputLaunchExtensions
{
    public static IResourceBuilder<ProjectResource> RunFromBuildOutput(this IResourceBuilder<ProjectResource> service)
    {
        var builder = service.ApplicationBuilder;
        var configuration = builder.Configuration;
        if (builder.ExecutionContext.IsPublishMode
            || !configuration.GetValue("RunServicesFromBuildOutput", true)
            || !string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"])
            || configuration.GetValue("DOTNET_WATCH", false))
        {
            return service;
        }

        var projectPath = service.Resource.GetProjectMetadata().ProjectPath;
        var assembly = FindBuildOutput(projectPath);
        if (assembly is null)
        {
            return service;
        }

        service.WithAnnotation(new ExecutableAnnotation
        {
            Command = "dotnet",
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
        }, ResourceAnnotationMutationBehavior.Replace);
        // The assembly first: arguments added later (none today) go to the service, as after `dotnet run --`.
        service.Resource.Annotations.Insert(0, new CommandLineArgsCallbackAnnotation(args => args.Insert(0, assembly)));
        return service;
    }

    /// <summary>The service's main assembly built in the AppHost's own configuration (Debug/Release), or null.</summary>
    internal static string? FindBuildOutput(string projectPath)
    {
        // The AppHost's own configuration, as Aspire passes it to `dotnet run --configuration`.
        var configuration = typeof(BuildOutputLaunchExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var bin = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration ?? "Debug");
        if (!Directory.Exists(bin))
        {
            return null;
        }
        var name = Path.GetFileNameWithoutExtension(projectPath) + ".dll";
        return Directory.EnumerateDirectories(bin)
            .Select(tfm => Path.Combine(tfm, name))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }
}
