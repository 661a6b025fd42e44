using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vargo.Testing.Storefront;

namespace Vargo.Bench;

/// <summary>
/// The whole app for a benchmark, started as the checkout bench starts it: the AppHost in local mode
/// (Aspire.Hosting.Testing: every service, PostgreSQL, Redis, RabbitMQ) on a throw-away data folder, the gateway on a
/// free port, warnings only. Gives the gateway client, the admin's token and helpers to register customers and to wait
/// for the start-up backlog; disposing stops the app and deletes the data folder.
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly HttpClient _gateway;

    private BenchApp(DistributedApplication app, HttpClient gateway, string dataDirectory, string admin)
    {
        _app = app;
        _gateway = gateway;
        DataDirectory = dataDirectory;
        Admin = admin;
        Storefront = new StorefrontClient(gateway);
    }

    public StorefrontClient Storefront { get; }

    /// <summary>The admin's bearer token (the AppHost's admin-email/admin-password parameters).</summary>
    public string Admin { get; }

    public string DataDirectory { get; }

    public DistributedApplication App => _app;

    /// <summary>Starts the app and waits until the services a shopper uses are healthy; <paramref name="maxConnections"/> sizes the client's pool.</summary>
    public static async Task<BenchApp> StartAsync(string name, int maxConnections, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory($"vargo-{name}-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(
            ["--Infrastructure", "local", "--DataDirectory", dataDirectory, "--Gateway:Port", "0"], cancellationToken);
        // The resources' own console output is forwarded at Information: keep the run's output to the results.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Vargo.AppHost.Resources", LogLevel.Warning));
        // Every simulated customer registers and logs in from 127.0.0.1: the per-IP limits are raised as the whole-system
        // tests raise them (tests/Vargo.AppHost.Tests/VargoAppFixture.cs); the per-account limits stay as configured.
        builder.CreateResourceBuilder<ProjectResource>("auth")
            .WithEnvironment("Auth__RateLimits__PerIp__Register", "10000")
            .WithEnvironment("Auth__RateLimits__PerIp__Login", "10000");
        var app = await builder.BuildAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        await app.StartAsync(cancellationToken);
        foreach (var service in new[] { "auth", "catalog", "inventory", "payment", "orders", "gateway" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
        }
        Console.WriteLine($"app healthy after {started.Elapsed.TotalSeconds:F0} s");

        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var gateway = new HttpClient(handler) { BaseAddress = app.GetEndpoint("gateway", "http"), Timeout = requestTimeout };
        var parameters = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        var admin = await new StorefrontClient(gateway).LoginAsync(
            (await parameters.Single(p => p.Name == "admin-email").GetValueAsync(cancellationToken))!,
            (await parameters.Single(p => p.Name == "admin-password").GetValueAsync(cancellationToken))!,
            cancellationToken);
        return new BenchApp(app, gateway, dataDirectory, admin);
    }

    /// <summary>
    /// Runs a set-up step again while it fails (a service just reported healthy may still answer 503 on a loaded
    /// machine), up to <paramref name="attempts"/> times, a second apart.
    /// </summary>
    public static async Task<T> RetryAsync<T>(string what, Func<Task<T>> step, CancellationToken cancellationToken, int attempts = 30)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception ex) when (attempt < attempts && ex is InvalidOperationException or HttpRequestException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested)
            {
                Console.WriteLine($"{what}: {ex.Message.Split('\n')[0]}; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Registers and logs in <paramref name="count"/> customers, <paramref name="parallel"/> at a time; their tokens.</summary>
    public async Task<string[]> RegisterCustomersAsync(int count, int parallel, string prefix, CancellationToken cancellationToken)
    {
        var customers = new string[count];
        using var registering = new SemaphoreSlim(parallel);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await registering.WaitAsync(cancellationToken);
            try
            {
                customers[i] = await RetryAsync("register a customer",
                    () => Storefront.RegisterAndLoginAsync(StorefrontClient.NewEmail(prefix), "Bench Customer", cancellationToken), cancellationToken);
            }
            finally
            {
                registering.Release();
            }
        }));
        return customers;
    }

    /// <summary>
    /// Start-up leaves work behind (the catalog's seeding events embedded by Recommendation, its back-fill, the welcome
    /// e-mails): waits, up to <paramref name="limit"/>, until Recommendation reports its index complete, so that
    /// backlog is not billed to what is measured next.
    /// </summary>
    public async Task WaitForStartUpBacklogAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var recommendation = _app.CreateHttpClient("recommendation", "http");
        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < limit
            && await recommendation.GetStringAsync("/health", cancellationToken).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default) != "Healthy")
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        Console.WriteLine($"start-up backlog settled after {settling.Elapsed.TotalSeconds:F0} s more");
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A server still closing its files: the temp folder is the OS's to clean.
        }
    }
}
