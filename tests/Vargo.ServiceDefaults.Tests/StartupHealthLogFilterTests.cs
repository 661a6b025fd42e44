using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>A starting service's failing health checks are not errors in its log; once it has been healthy they are.</summary>
public sealed class StartupHealthLogFilterTests
{
    [Fact]
    public async Task A_failing_check_is_an_error_only_after_the_service_was_healthy_once()
    {
        var check = new SwitchableCheck { Status = HealthStatus.Unhealthy };
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(check, logs);
        using var client = app.GetTestClient();

        var starting = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        var errorsWhileStarting = logs.Errors;
        check.Status = HealthStatus.Healthy;
        var up = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        check.Status = HealthStatus.Unhealthy;
        var down = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Equal(0, errorsWhileStarting);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal("Healthy", await up.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(1, logs.Errors);
    }

    private static async Task<WebApplication> StartAsync(SwitchableCheck check, CapturingLoggerProvider logs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.AddVargoProblemDetails();
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks().AddCheck("switchable", check);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private sealed class SwitchableCheck : IHealthCheck
    {
        public HealthStatus Status { get; set; }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new HealthCheckResult(Status, "switched"));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level)> _lines = new();

        public int Errors => _lines.Count(l => l.Category.StartsWith(StartupHealthLogFilter.Category, StringComparison.Ordinal) && l.Level >= LogLevel.Error);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, logLevel));
        }
    }
}
