using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Vargo.Auth.Tests;

/// <summary>
/// The Auth service in-process against a real PostgreSQL database (its own, fresh), with every log line
/// and trace it produces captured so tests can assert what never shows up in them.
/// </summary>
public sealed class AuthServiceFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string Issuer = "http://auth.vargo.test";

    private readonly ActivityListener _traces = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public ConcurrentQueue<string> CapturedLogs { get; } = new();

    public ConcurrentQueue<string> CapturedTraces { get; } = new();

    public string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:authdb", connectionString);
        builder.UseSetting("Identity:Url", Issuer);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(CapturedLogs)));

        _traces.ActivityStopped = activity =>
        {
            CapturedTraces.Enqueue($"{activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} "
                + string.Join(' ', activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}"))));
        };
        ActivitySource.AddActivityListener(_traces);
    }

    protected override void Dispose(bool disposing)
    {
        _traces.Dispose();
        base.Dispose(disposing);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger, IExternalScopeProvider
    {
        private readonly LoggerExternalScopeProvider _scopes = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            _scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            // The structured state too: a sink that writes properties (OTLP does) would show them.
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {properties} {exception} {string.Join(" | ", scopes)}");
        }

        public void ForEachScope<TState>(Action<object?, TState> callback, TState state) => _scopes.ForEachScope(callback, state);

        public IDisposable Push(object? state) => _scopes.Push(state);
    }
}
