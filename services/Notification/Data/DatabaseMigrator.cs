using Microsoft.EntityFrameworkCore;

namespace Vargo.Notification.Data;

/// <summary>Applies migrations at start-up, before the consumers and the dispatcher (registered after it) start.</summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
