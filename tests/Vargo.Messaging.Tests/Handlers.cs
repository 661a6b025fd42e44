using System.Collections.Concurrent;
using System.Diagnostics;
using Vargo.Messaging.Contracts;

namespace Vargo.Messaging.Tests;

/// <summary>Test-controlled failures: how many times each event's handler should still throw (-1 = always).</summary>
public sealed class FailurePlan
{
    private readonly ConcurrentDictionary<Guid, int> _failuresLeft = new();
    private readonly ConcurrentDictionary<Guid, int> _calls = new();

    public void Fail(Guid eventId, int times) => _failuresLeft[eventId] = times;

    public void Fix(Guid eventId) => _failuresLeft[eventId] = 0;

    public int Calls(Guid eventId) => _calls.GetValueOrDefault(eventId);

    internal bool ShouldFail(Guid eventId)
    {
        _calls.AddOrUpdate(eventId, 1, (_, n) => n + 1);
        var left = _failuresLeft.GetValueOrDefault(eventId);
        if (left == 0)
        {
            return false;
        }
        if (left > 0)
        {
            _failuresLeft[eventId] = left - 1;
        }
        return true;
    }
}

/// <summary>Writes an effect row, saves it, then throws when the plan says so: a failure must roll the effect back.</summary>
public sealed class RecordOrderPlaced(TestDbContext db, FailurePlan plan) : IIntegrationEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        db.Effects.Add(new HandlerEffect { EventId = @event.Id, OrderId = @event.OrderId, TraceId = Activity.Current?.TraceId.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        if (plan.ShouldFail(@event.Id))
        {
            throw new InvalidOperationException($"planned failure for order {@event.OrderId}");
        }
    }
}
