using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Inbox;

namespace Vargo.Messaging.Consuming;

/// <summary>
/// Applies one message with one handler exactly once: in a single database transaction it claims
/// (message id, consumer) in the inbox, runs the handler on the same scoped DbContext and commits. A message already
/// in the inbox is skipped; a concurrent duplicate waits on the inbox key and then finds it taken.
/// </summary>
internal sealed class InboxProcessor(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task ProcessAsync(ConsumerRegistration registration, Guid messageId, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetService<MessagingStore>()
            ?? throw new InvalidOperationException("Consumers need an inbox: call UseDbContext<T>() on AddVargoMessaging.");
        var db = store.Context;
        var claimSql = $"INSERT INTO {InboxTable(db)} (message_id, consumer, event_type, processed_at) " +
                       "VALUES ({0}, {1}, {2}, {3}) ON CONFLICT DO NOTHING";

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Database.ExecuteSqlRawAsync(claimSql,
                [messageId, registration.Consumer, registration.EventName, time.GetUtcNow()], ct);
            if (claimed == 0)
            {
                return;
            }

            await registration.HandleAsync(scope.ServiceProvider, @event, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private static string InboxTable(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no inbox table: call modelBuilder.AddMessagingTables().");
        var sql = db.GetService<ISqlGenerationHelper>();
        return sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }
}
