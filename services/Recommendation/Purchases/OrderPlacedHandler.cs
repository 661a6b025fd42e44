using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Purchases;

/// <summary>An order was placed: its products join the buyer's profile and the co-purchase counts.</summary>
public sealed class OrderPlacedHandler(PurchaseRecorder recorder) : IIntegrationEventHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken) => recorder.RecordAsync(@event, cancellationToken);
}
