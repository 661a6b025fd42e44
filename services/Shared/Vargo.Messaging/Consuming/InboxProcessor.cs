using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Inbox;

namespace Vargo.Messaging.Consuming;

/// <summary>
/// Applies messages with their handlers exactly once. One message: in a single database transaction it claims
/// (message id, consumer) in the inbox, runs the handler on the same scoped DbContext and commits. A batch: one
/// transaction claims every (message id, consumer) pair with one statement, runs the handlers of the pairs it claimed
/// in delivery order on one scoped DbContext and commits once, so the batch's effects and inbox rows commit together
/// or not at all. A pair already in the inbox is skipped; a concurrent duplicate waits on the inbox key and then finds
/// it taken.
/// </summary>
internal sealed class InboxProcessor(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task ProcessAsync(ConsumerRegistration registration, Guid messageId, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Store(scope).Context;
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

    /// <summary>
    /// Applies <paramref name="messages"/> in one transaction (see the class summary). Throws, with nothing committed,
    /// when any handler throws (a <see cref="BatchHandlerException"/> naming the message) or the commit fails: the
    /// caller then handles each message on its own so one poison message costs the others only a second run of their
    /// (rolled back) handlers. <paramref name="onHandle"/> wraps each handler call
    /// (the consumer's per-message trace span).
    /// </summary>
    public async Task ProcessBatchAsync(
        IReadOnlyList<InboundMessage> messages,
        Func<InboundMessage, Func<Task>, Task> onHandle,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Store(scope).Context;
        var claimSql = $"INSERT INTO {InboxTable(db)} AS i (message_id, consumer, event_type, processed_at) " +
                       "SELECT * FROM unnest($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING i.message_id, i.consumer";

        // One pair per (message, handler); a message delivered twice in the same batch is one pair.
        var pairs = messages
            .SelectMany(m => m.Registrations.Select(r => (Message: m, Registration: r)))
            .DistinctBy(p => (p.Message.MessageId, p.Registration.Consumer))
            .ToList();
        var now = time.GetUtcNow();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await ClaimAsync(db, claimSql, pairs, now, ct);

            foreach (var (message, registration) in pairs)
            {
                if (claimed.Contains((message.MessageId, registration.Consumer)))
                {
                    try
                    {
                        await onHandle(message, () => registration.HandleAsync(scope.ServiceProvider, message.Event, ct));
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        throw new BatchHandlerException(message, ex);
                    }
                }
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private static async Task<HashSet<(Guid, string)>> ClaimAsync(
        DbContext db, string sql, List<(InboundMessage Message, ConsumerRegistration Registration)> pairs, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // Plain ADO on the context's connection and transaction: EF cannot read an INSERT … RETURNING as a query.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Message.MessageId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Registration.Consumer).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Registration.EventName).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(_ => now).ToArray() });
        var claimed = new HashSet<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        return claimed;
    }

    private static MessagingStore Store(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetService<MessagingStore>()
        ?? throw new InvalidOperationException("Consumers need an inbox: call UseDbContext<T>() on AddVargoMessaging.");

    private static string InboxTable(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no inbox table: call modelBuilder.AddMessagingTables().");
        var sql = db.GetService<ISqlGenerationHelper>();
        return sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }
}

/// <summary>A handler threw while a batch was applied: <see cref="FailedMessage"/> is the message whose attempt failed.</summary>
internal sealed class BatchHandlerException(InboundMessage failedMessage, Exception inner)
    : Exception($"The handler of {failedMessage.EventName} {failedMessage.MessageId} failed in a batch", inner)
{
    public InboundMessage FailedMessage { get; } = failedMessage;
}
