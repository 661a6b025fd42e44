using Vargo.Catalog.Grpc;

namespace Vargo.Orders.Catalog;

/// <summary>What the catalog says a SKU costs right now: the only price a cart or an order ever uses.</summary>
public sealed record PricedSku(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, bool Purchasable);

public sealed class CatalogPrices(Vargo.Catalog.Grpc.Catalog.CatalogClient catalog, TimeProvider time)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>Prices for the SKUs the catalog knows; an unknown SKU is simply absent from the result.</summary>
    public async Task<IReadOnlyDictionary<string, PricedSku>> GetAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var request = new GetProductsRequest { Skus = { skus.Distinct(StringComparer.Ordinal) } };
        if (request.Skus.Count == 0)
        {
            return new Dictionary<string, PricedSku>();
        }
        var reply = await catalog.GetProductsAsync(request, deadline: time.GetUtcNow().UtcDateTime + Deadline, cancellationToken: cancellationToken);
        return reply.Products.ToDictionary(p => p.Sku, p => new PricedSku(
            Guid.Parse(p.ProductId), p.Sku, p.Name, p.UnitPrice.Units + p.UnitPrice.Nanos / 1_000_000_000m, p.UnitPrice.CurrencyCode, p.Purchasable),
            StringComparer.Ordinal);
    }
}
