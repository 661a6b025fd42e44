using Vargo.Messaging;
using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Products;

/// <summary>Catalog changed a product: store and (re-)embed it so search finds it by meaning.</summary>
public sealed class ProductUpsertedHandler(ProductVectorWriter writer) : IIntegrationEventHandler<ProductUpserted>
{
    public Task HandleAsync(ProductUpserted @event, CancellationToken cancellationToken) => writer.UpsertAsync(@event, cancellationToken);
}
