using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Vargo service gets: telemetry, health checks, service discovery, resilient HTTP and gRPC
/// clients, problem details and OpenAPI. Authentication is opt-in per service (<see cref="AuthenticationExtensions"/>)
/// because the gateway forwards tokens instead of validating them.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        PostgresConnectionDefaults.DisableResetOnClose(builder.Configuration);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // gRPC clients come from the same factory, so they inherit both.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.AddVargoProblemDetails();
        builder.Services.AddOpenApi(options => options
            .AddSchemaTransformer<StringSchemaTransformer>()
            .AddDocumentTransformer<BearerSecurityTransformer>()
            .AddOperationTransformer<BearerSecurityTransformer>());
        builder.AddBuildTimeOpenApiSupport();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddFaultInjection();

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Vargo.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                // Our own sources (messaging relay, consumers, sagas) and the store clients'.
                // Aspire's Npgsql/Redis/RabbitMQ client integrations register theirs too; naming them
                // here keeps them when a service talks to a store without an Aspire integration.
                .AddSource("Vargo.*", "Npgsql", "RabbitMQ.Client.*", "MongoDB.Driver*")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddGrpcClientInstrumentation()
                // The gateway's health probes (every cluster, every 2 s) would bury the requests in the dashboard.
                .AddHttpClientInstrumentation(options =>
                    options.FilterHttpRequestMessage = request =>
                        request.RequestUri?.AbsolutePath is not (HealthEndpointPath or AlivenessEndpointPath)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        // Its own call, after the instrumentation: which of those traces are kept (see ConfigureSampling).
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.ConfigureSampling(builder));

        return builder;
    }

    /// <summary>
    /// Which traces are recorded. <c>OTEL_TRACES_SAMPLER</c> (and <c>OTEL_TRACES_SAMPLER_ARG</c>), when set, decide: the
    /// AppHost sets <c>always_on</c> in development, so the dashboard shows every checkout's trace. Otherwise
    /// <c>Telemetry:TraceSampleRatio</c> (0 to 1) does, parent-based so a trace is kept or dropped whole across the
    /// services; its default is 1 in Development and 0.1 elsewhere (a span per SQL statement, gRPC and HTTP call is
    /// a large share of a request's CPU when every request is traced).
    /// </summary>
    private static TracerProviderBuilder ConfigureSampling(this TracerProviderBuilder tracing, IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_TRACES_SAMPLER"]))
        {
            return tracing; // the SDK reads it
        }
        var ratio = builder.Configuration.GetValue<double?>("Telemetry:TraceSampleRatio")
            ?? (builder.Environment.IsDevelopment() ? 1.0 : 0.1);
        if (ratio is < 0 or > 1)
        {
            throw new InvalidOperationException($"Telemetry:TraceSampleRatio must be between 0 and 1 (was {ratio}).");
        }
        return tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        var startup = new StartupHealthLogFilter();
        builder.Services.AddSingleton(startup);
        builder.Logging.AddFilter(StartupHealthLogFilter.Category, startup.Writes);
        return builder;
    }

    /// <summary>
    /// Error handling, health probes and API documents. Health endpoints are mapped in every environment so
    /// container platforms can probe them; they live outside <c>/api</c>, which is all the gateway forwards.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ForbiddenCharacterMiddleware>();
        // Explicitly here, after the error handlers: left to WebApplication, authentication and authorization run at
        // the very start of the pipeline, where a 401 or 403 never reaches the status code pages and leaves with an
        // empty body instead of problem details.
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        var startup = app.Services.GetService<StartupHealthLogFilter>();
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                startup?.Observe(report.Status);
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(report.Status.ToString());
            }
        }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live")
        }).AllowAnonymous();
        app.MapOpsCommands();

        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }

        return app;
    }
}
