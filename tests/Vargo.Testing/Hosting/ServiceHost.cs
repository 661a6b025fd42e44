using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vargo.Hosting.Local;

namespace Vargo.Testing.Hosting;

/// <summary>
/// A Vargo service in-process for tests: its real <c>Program.cs</c> (through <see cref="WebApplicationFactory{TEntryPoint}"/>)
/// with the settings, test services, token trust and log capture a test asks for. Served by the in-memory TestServer;
/// <see cref="StartOnKestrel"/> serves real HTTP/1.1 and HTTP/2 on loopback ports instead, for gRPC clients.
/// </summary>
/// <remarks>
/// Configure it (the <c>With*</c> methods) before the first client or <see cref="WebApplicationFactory{TEntryPoint}.Services"/>
/// call starts it. Settings are applied with <c>UseSetting</c>, so they win over the service's <c>appsettings.json</c>.
/// </remarks>
public class ServiceHost<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly Dictionary<string, string?> _settings = [];
    private readonly List<Action<IServiceCollection>> _testServices = [];
    private string? _environment;
    private bool _capture;
    private ActivityListener? _traces;

    /// <summary>Every log line the service wrote (level, category, message, structured state, exception, scopes), when capturing.</summary>
    public ConcurrentQueue<string> CapturedLogs { get; } = new();

    /// <summary>Every activity stopped in this process (name, tags, event tags) while this host lived, when capturing.</summary>
    public ConcurrentQueue<string> CapturedTraces { get; } = new();

    /// <summary>The HTTP/1.1 address on Kestrel (after <see cref="StartOnKestrel"/>).</summary>
    public Uri? HttpAddress { get; private set; }

    /// <summary>The HTTP/2 (gRPC) address on Kestrel (after <see cref="StartOnKestrel"/>).</summary>
    public Uri? GrpcAddress { get; private set; }

    /// <summary>One configuration value (<c>Section:Key</c>), as the service would read it from its environment.</summary>
    public ServiceHost<TProgram> WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public ServiceHost<TProgram> WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
        return this;
    }

    /// <summary>The hosting environment (default: the factory's, Development).</summary>
    public ServiceHost<TProgram> WithEnvironment(string environment)
    {
        _environment = environment;
        return this;
    }

    /// <summary>Replaces or adds services after the service's own registrations (a stand-in for a peer, a clock, a fault injector).</summary>
    public ServiceHost<TProgram> WithServices(Action<IServiceCollection> configure)
    {
        _testServices.Add(configure);
        return this;
    }

    /// <summary>Replaces the service's <see cref="IFaultInjector"/> (a no-op in production) with <paramref name="faults"/>.</summary>
    public ServiceHost<TProgram> WithFaults(IFaultInjector faults) =>
        WithServices(services => services.Replace(ServiceDescriptor.Singleton(faults)));

    /// <summary>The service accepts tokens signed by <paramref name="tokens"/> in place of Auth's.</summary>
    public ServiceHost<TProgram> TrustingTokens(TestTokens tokens) => WithServices(tokens.Trust);

    /// <summary>Keeps every log line and trace in <see cref="CapturedLogs"/> and <see cref="CapturedTraces"/>.</summary>
    public ServiceHost<TProgram> CapturingLogsAndTraces()
    {
        _capture = true;
        return this;
    }

    /// <summary>
    /// Starts the service on Kestrel with an HTTP/1.1 endpoint and an HTTP/2 endpoint (the one gRPC clients call) on
    /// free loopback ports, replacing the ports of its <c>appsettings.json</c>.
    /// </summary>
    public void StartOnKestrel()
    {
        // Ports outside the ephemeral range, which the kernel does not hand to other sockets meanwhile (see ListenPort).
        var httpPort = ListenPort.OutsideEphemeralRange();
        var grpcPort = ListenPort.OutsideEphemeralRange();
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        WithSetting("Kestrel:Endpoints:http:Url", HttpAddress.ToString())
            .WithSetting("Kestrel:Endpoints:http:Protocols", "Http1")
            .WithSetting("Kestrel:Endpoints:grpc:Url", GrpcAddress.ToString())
            .WithSetting("Kestrel:Endpoints:grpc:Protocols", "Http2");
        UseKestrel();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_environment is not null)
        {
            builder.UseEnvironment(_environment);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_capture)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(CapturedLogs)));
            _traces = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => CapturedTraces.Enqueue(
                    $"{activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} "
                    + string.Join(' ', activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))),
            };
            ActivitySource.AddActivityListener(_traces);
        }
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _testServices)
            {
                configure(services);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        _traces?.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _traces?.Dispose();
        await base.DisposeAsync();
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
