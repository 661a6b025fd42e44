using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vargo.Hosting.Local;
using Vargo.Testing;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>
/// <c>AddMigration</c> on a real PostgreSQL database and a real Kestrel server: the schema and the seed are in place
/// before the server accepts a connection and before hosted services registered ahead of it start.
/// </summary>
public sealed class AddMigrationTests(PostgresFixture servers)
{
    [Fact]
    public async Task Migrates_and_seeds_before_the_server_listens_and_before_other_hosted_services_start()
    {
        var database = await servers.Servers.CreateDatabaseAsync("migration", TestContext.Current.CancellationToken);
        var probe = new StartProbe();
        var port = ListenPort.OutsideEphemeralRange();

        await using var app = BuildApp(database, port, probe, seed: async (db, services, cancellationToken) =>
        {
            probe.SeedRan = true;
            // Nothing may answer yet: Kestrel starts in a hosted service's StartAsync, after every StartingAsync.
            probe.ConnectedDuringSeed = await CanConnectAsync(port);
            probe.StartedDuringSeed = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested;
            await SeedOnceAsync(db, cancellationToken);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);

        Assert.True(probe.SeedRan);
        Assert.False(probe.ConnectedDuringSeed);
        Assert.False(probe.StartedDuringSeed);
        // Registered before AddMigration (as Vargo.Messaging's consumers are in Recommendation), it still started after it.
        Assert.True(probe.SeedHadRunWhenHostedServiceStarted);
        Assert.True(await CanConnectAsync(port));
        Assert.Equal(["seeded once"], await NamesAsync(app));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_second_start_applies_nothing_and_seeds_nothing_new()
    {
        var database = await servers.Servers.CreateDatabaseAsync("migration", TestContext.Current.CancellationToken);
        var seedRuns = 0;

        for (var start = 0; start < 2; start++)
        {
            await using var app = BuildApp(database, ListenPort.OutsideEphemeralRange(), new StartProbe(), seed: async (db, _, cancellationToken) =>
            {
                seedRuns++;
                await SeedOnceAsync(db, cancellationToken);
            });
            await app.StartAsync(TestContext.Current.CancellationToken);

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MigrationTestContext>();
            Assert.Equal(["20261130000000_SeedRows"], await db.Database.GetAppliedMigrationsAsync(cancellationToken: TestContext.Current.CancellationToken));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal(["seeded once"], await NamesAsync(app));
            await app.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, seedRuns);
    }

    [Fact]
    public async Task A_failing_seed_stops_the_start_before_the_server_listens()
    {
        var database = await servers.Servers.CreateDatabaseAsync("migration", TestContext.Current.CancellationToken);
        var port = ListenPort.OutsideEphemeralRange();
        await using var app = BuildApp(database, port, new StartProbe(),
            seed: (_, _, _) => throw new InvalidOperationException("seed failed"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("seed failed", error.Message);
        Assert.False(await CanConnectAsync(port));
    }

    [Fact]
    public async Task Each_run_is_traced()
    {
        var database = await servers.Servers.CreateDatabaseAsync("migration", TestContext.Current.CancellationToken);
        var activities = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MigrationExtensions.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity.DisplayName); } },
        };
        ActivitySource.AddActivityListener(listener);

        await using var app = BuildApp(database, ListenPort.OutsideEphemeralRange(), new StartProbe(), seed: (db, _, cancellationToken) => SeedOnceAsync(db, cancellationToken));
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);

        lock (activities)
        {
            Assert.Contains($"Migrate {nameof(MigrationTestContext)}", activities);
        }
    }

    private static WebApplication BuildApp(
        string connectionString, int port, StartProbe probe, Func<MigrationTestContext, IServiceProvider, CancellationToken, Task> seed)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration["ConnectionStrings:testdb"] = connectionString;
        // The model has no snapshot (the one migration is hand-written); EF would otherwise call that a pending change.
        builder.AddNpgsqlDbContext<MigrationTestContext>("testdb",
            configureDbContextOptions: options => options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
        builder.Services.AddSingleton(probe);
        builder.Services.AddHostedService<EarlierHostedService>();
        builder.Services.AddMigration(seed);

        var app = builder.Build();
        app.MapGet("/", () => "up");
        return app;
    }

    private static async Task SeedOnceAsync(MigrationTestContext db, CancellationToken cancellationToken)
    {
        if (!await db.SeedRows.AnyAsync(cancellationToken))
        {
            db.SeedRows.Add(new SeedRow { Id = 1, Name = "seeded once" });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task<List<string>> NamesAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MigrationTestContext>().SeedRows.Select(r => r.Name).ToListAsync();
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public sealed class StartProbe
    {
        public bool SeedRan { get; set; }
        public bool ConnectedDuringSeed { get; set; }
        public bool StartedDuringSeed { get; set; }
        public bool SeedHadRunWhenHostedServiceStarted { get; set; }
    }

    /// <summary>Stands for a message consumer registered before the migration.</summary>
    private sealed class EarlierHostedService(StartProbe probe) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            probe.SeedHadRunWhenHostedServiceStarted = probe.SeedRan;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
