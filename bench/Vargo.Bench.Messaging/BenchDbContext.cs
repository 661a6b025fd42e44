using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Bench.Messaging;

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}

/// <summary>The consumer's effect is the inbox row itself: the benchmark measures the machinery, not a handler.</summary>
public sealed class CountOrderPlaced(Progress progress) : IIntegrationEventHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        progress.Add();
        return Task.CompletedTask;
    }
}

public sealed class Progress
{
    private int _count;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _target;

    public Task Expect(int target)
    {
        _count = 0;
        _target = target;
        _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return _done.Task;
    }

    public void Add()
    {
        if (Interlocked.Increment(ref _count) == _target)
        {
            _done.TrySetResult();
        }
    }
}
