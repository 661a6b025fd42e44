using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;

namespace Vargo.Messaging;

public static class OutboxExtensions
{
    /// <summary>
    /// Queues <paramref name="event"/> in this context's outbox: it is written by the next <c>SaveChangesAsync</c>,
    /// in the same transaction as the business change, and published by the relay after the commit.
    /// </summary>
    public static void AddIntegrationEvent(this DbContext db, IntegrationEvent @event)
    {
        var activity = Activity.Current;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = @event.Id,
            EventType = EventSerializer.EventName(@event.GetType()),
            Payload = EventSerializer.Serialize(@event),
            OccurredAt = @event.OccurredAt,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString
        });
    }
}
