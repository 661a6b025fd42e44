using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vargo.Messaging.Outbox;

/// <summary>The outbox as an EF Core table (<c>outbox</c>, written by <c>AddIntegrationEvent</c> in the business transaction).</summary>
internal sealed class EfOutboxStore<TDbContext>(IServiceScopeFactory scopes) : IOutboxStore where TDbContext : DbContext
{
    public async Task<IOutboxBatch> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var rows = await db.Set<OutboxMessage>()
                .Where(m => m.SentAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
                .OrderBy(m => m.Sequence)
                .Take(limit)
                .ToListAsync(cancellationToken);
            return new Batch(scope, db, rows);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    public async Task<OutboxBacklogState> ObserveBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // One query for the backlog the metrics show and the next refused row's retry time.
        var backlog = await db.Set<OutboxMessage>().Where(m => m.SentAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { Pending = g.Count(), Oldest = g.Min(m => (DateTimeOffset?)m.CreatedAt), NextDue = g.Min(m => m.NextAttemptAt) })
            // One group or none: Single, since First without OrderBy is an EF Core warning in every service's log.
            .SingleOrDefaultAsync(cancellationToken);
        return new(backlog?.Pending ?? 0, backlog?.Oldest, backlog?.NextDue);
    }

    public async Task DeleteSentBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private sealed class Batch(AsyncServiceScope scope, TDbContext db, IReadOnlyList<OutboxMessage> rows) : IOutboxBatch
    {
        public IReadOnlyList<IOutboxRecord> Messages => rows;

        /// <summary>
        /// The common outcome (confirmed, no error) is one UPDATE for all such rows, stamped with the latest confirm
        /// time; refusals and drops (attempts, retry time, error) are saved row by row through the change tracker.
        /// </summary>
        public async Task SaveAsync(CancellationToken cancellationToken)
        {
            var confirmed = rows.Where(r => r.SentAt is not null && r.LastError is null).ToList();
            if (confirmed.Count > 0)
            {
                var ids = confirmed.Select(r => r.Id).ToList();
                var sentAt = confirmed.Max(r => r.SentAt);
                await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id))
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LastError, (string?)null), cancellationToken);
                foreach (var row in confirmed)
                {
                    db.Entry(row).State = EntityState.Unchanged;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
