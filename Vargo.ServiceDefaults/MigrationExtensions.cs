using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Seeds a database once its schema is current. Runs inside the EF execution strategy, so it may run again: keep it idempotent.</summary>
public interface IDbSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The one way a Vargo service brings its store up to date: <c>builder.Services.AddMigration&lt;TContext&gt;(seed)</c>.
/// The work runs in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host awaits for every such service
/// before any hosted service's <c>StartAsync</c>: before Kestrel listens and before the message consumers, outbox relays
/// and workers start, whatever order they were registered in. A failure stops the host: a service whose schema is
/// behind must not take traffic. Each run is traced (activity source <see cref="ActivitySourceName"/>).
/// </summary>
public static class MigrationExtensions
{
    public const string ActivitySourceName = "Vargo.Migrations";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Applies <typeparamref name="TContext"/>'s pending migrations before the service starts.</summary>
    public static IServiceCollection AddMigration<TContext>(this IServiceCollection services) where TContext : DbContext =>
        services.AddMigration<TContext>((_, _, _) => Task.CompletedTask);

    /// <summary>
    /// Applies <typeparamref name="TContext"/>'s pending migrations, then runs <paramref name="seed"/> with the same context
    /// and a scope's services, both inside the context's execution strategy (a transient failure retries the whole step,
    /// so the seed must be idempotent).
    /// </summary>
    public static IServiceCollection AddMigration<TContext>(
        this IServiceCollection services, Func<TContext, IServiceProvider, CancellationToken, Task> seed) where TContext : DbContext =>
        services.AddStartupTask(typeof(TContext).Name, async (scope, cancellationToken) =>
        {
            var context = scope.GetRequiredService<TContext>();
            var strategy = context.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await context.Database.MigrateAsync(cancellationToken);
                await seed(context, scope, cancellationToken);
            });
        });

    /// <summary>Like <see cref="AddMigration{TContext}(IServiceCollection, Func{TContext, IServiceProvider, CancellationToken, Task})"/> with a scoped <typeparamref name="TSeeder"/>.</summary>
    public static IServiceCollection AddMigration<TContext, TSeeder>(this IServiceCollection services)
        where TContext : DbContext
        where TSeeder : class, IDbSeeder<TContext>
    {
        services.AddScoped<TSeeder>();
        return services.AddMigration<TContext>((context, scope, cancellationToken) =>
            scope.GetRequiredService<TSeeder>().SeedAsync(context, cancellationToken));
    }

    /// <summary>
    /// The same start-up slot for a store EF Core does not manage (the catalog's MongoDB indexes): <paramref name="run"/>
    /// gets a fresh scope's services and runs, traced, before the service starts. Prefer <c>AddMigration</c> for EF contexts.
    /// </summary>
    public static IServiceCollection AddStartupTask(
        this IServiceCollection services, string name, Func<IServiceProvider, CancellationToken, Task> run)
    {
        // Added, not TryAddEnumerable'd: two tasks share one implementation type and must both run.
        services.Add(ServiceDescriptor.Singleton<IHostedService>(sp => new StartupTask(
            name, run, sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<StartupTask>())));
        return services;
    }

    private sealed class StartupTask(
        string name,
        Func<IServiceProvider, CancellationToken, Task> run,
        IServiceScopeFactory scopes,
        ILogger<StartupTask> logger) : IHostedLifecycleService
    {
        public async Task StartingAsync(CancellationToken cancellationToken)
        {
            using var activity = ActivitySource.StartActivity($"Migrate {name}");
            var watch = Stopwatch.StartNew();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await run(scope.ServiceProvider, cancellationToken);
                logger.LogInformation("{Store} is up to date ({Elapsed} ms)", name, watch.ElapsedMilliseconds);
            }
            catch (Exception exception)
            {
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                activity?.AddException(exception);
                logger.LogError(exception, "Migrating or seeding {Store} failed; the service does not start", name);
                throw;
            }
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
