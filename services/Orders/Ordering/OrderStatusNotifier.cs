using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vargo.Orders.Ordering;

/// <summary>
/// Tells <see cref="OrderStatusFeed"/> about every order whose status a save wrote, once the save succeeded.
/// Every status change in this process (the saga, recovery, event handlers, cancel, ship) is a tracked save.
/// </summary>
public sealed class OrderStatusNotifier(OrderStatusFeed feed) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Guid>> _saving = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyRemembered(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyRemembered(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Remember(DbContext? context)
    {
        if (context is not null)
        {
            _saving.AddOrUpdate(context, context.ChangeTracker.Entries<Order>()
                .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(o => o.Status).IsModified))
                .Select(e => e.Entity.Id)
                .ToList());
        }
    }

    private void NotifyRemembered(DbContext? context)
    {
        if (context is not null && _saving.TryGetValue(context, out var changed))
        {
            _saving.Remove(context);
            changed.ForEach(feed.Notify);
        }
    }
}
