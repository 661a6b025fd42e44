using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one seam where tests and drills make a service fail at a named point of its work (a crash between two writes,
/// a kill in the middle of a saga, a slow call). A service calls <see cref="AtAsync"/> as it passes each point; what
/// happens there is the injector's business. Production has <see cref="NoFaultInjector"/>: nothing happens, and no
/// service option carries a test switch.
/// </summary>
public interface IFaultInjector
{
    /// <summary>
    /// Called when the service passes <paramref name="point"/> (a name the service documents). Returns at once unless a
    /// fault is wanted there; then it may throw (<see cref="SimulatedCrashException"/> stands for a killed process),
    /// end the process, or delay.
    /// </summary>
    ValueTask AtAsync(string point, CancellationToken cancellationToken = default);
}

/// <summary>The production injector: no faults.</summary>
public sealed class NoFaultInjector : IFaultInjector
{
    public static readonly NoFaultInjector Instance = new();

    public ValueTask AtAsync(string point, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

/// <summary>
/// Thrown by a fault injector to stand for a process killed at <paramref name="point"/>: nothing after the point runs,
/// no compensation, no clean-up (the in-process tests' kill; a separate process can be ended for real).
/// </summary>
public sealed class SimulatedCrashException(string point) : Exception($"Simulated crash at {point}.")
{
    public string Point { get; } = point;
}

/// <summary>
/// The faults a request asks for in its headers, at the points it names: <see cref="Header"/> ends the process there, as
/// a kill would (no clean shutdown); <see cref="SlowHeader"/> makes the point slower than any deadline (it waits until
/// the caller's cancellation, e.g. a gRPC deadline, ends it: a network so slow the answer never arrives in time).
/// Only for the whole-system tests, which run the services as separate processes and so cannot swap a service in their
/// DI: see <see cref="FaultInjectionExtensions.AddFaultInjection{TBuilder}"/> for when it is registered.
/// </summary>
public sealed class HeaderFaultInjector(IHttpContextAccessor http) : IFaultInjector
{
    public const string Header = "Vargo-Crash-After";

    /// <summary>Names a point that is to be slower than its caller's deadline (e.g. <c>PaymentCall</c>).</summary>
    public const string SlowHeader = "Vargo-Slow-Call";

    /// <summary>A bound for a slow point whose caller never cancels: it then goes on, late.</summary>
    public static readonly TimeSpan MaxSlowness = TimeSpan.FromMinutes(2);

    public async ValueTask AtAsync(string point, CancellationToken cancellationToken = default)
    {
        var request = http.HttpContext?.Request;
        if (Asks(request, point))
        {
            Environment.FailFast($"Fault injection: crashing at {point} as the request asked.");
        }
        if (Asks(request, point, SlowHeader))
        {
            await Task.Delay(MaxSlowness, cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="request"/> names <paramref name="point"/> (case-insensitive) in its <paramref name="header"/> header.</summary>
    public static bool Asks(HttpRequest? request, string point, string header = Header) =>
        request?.Headers[header].ToString() is { Length: > 0 } wanted && string.Equals(wanted, point, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A fault point in an HTTP client's pipeline (a gRPC client's too): after the peer answered, the answer passes
/// <paramref name="point"/> on its way back, where a test may delay it past the call's deadline: the peer has acted, the
/// caller does not learn it in time (the hard case of a slow network).
/// </summary>
public sealed class FaultInjectingHandler(IFaultInjector faults, string point) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await faults.AtAsync(point, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }
}

public static class FaultInjectionExtensions
{
    /// <summary>The setting (environment variable <c>FaultInjection__FromHeader</c>) that turns <see cref="HeaderFaultInjector"/> on.</summary>
    public const string FromHeaderSetting = "FaultInjection:FromHeader";

    /// <summary>
    /// Registers <see cref="NoFaultInjector"/>, or <see cref="HeaderFaultInjector"/> when the service runs in Development
    /// and <see cref="FromHeaderSetting"/> is <c>true</c>. Why a header: the whole-system tests start every service as its
    /// own process, so they cannot hand one an injector; an environment variable their fixture sets turns the header on,
    /// and the Development check keeps a stray variable from ever letting a client crash a production service. In-process
    /// tests replace <see cref="IFaultInjector"/> in the service's DI instead.
    /// </summary>
    public static TBuilder AddFaultInjection<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Environment.IsDevelopment() && builder.Configuration.GetValue<bool>(FromHeaderSetting))
        {
            builder.Services.AddHttpContextAccessor();
            builder.Services.TryAddSingleton<IFaultInjector, HeaderFaultInjector>();
        }
        else
        {
            builder.Services.TryAddSingleton<IFaultInjector>(NoFaultInjector.Instance);
        }
        return builder;
    }

    /// <summary>Adds the fault point <paramref name="point"/> to this client's pipeline (<see cref="FaultInjectingHandler"/>).</summary>
    public static IHttpClientBuilder AddFaultPoint(this IHttpClientBuilder client, string point) =>
        client.AddHttpMessageHandler(services => new FaultInjectingHandler(services.GetRequiredService<IFaultInjector>(), point));
}
