using Google.Protobuf;
using Grpc.Core;
using Vargo.Catalog.Grpc;
using Vargo.Inventory.Grpc;

namespace Vargo.Orders.Tests;

/// <summary>The catalog as the saga sees it, scripted per test: SKU → name and price.</summary>
public sealed class ScriptedCatalog
{
    public Dictionary<string, (Guid ProductId, string Name, decimal Price)> Products { get; } = [];

    /// <summary>The ISO 4217 currency of a SKU's price; EUR when not set.</summary>
    public Dictionary<string, string> PriceCurrencies { get; } = [];

    public Task<byte[]> HandleAsync(string method, byte[] body)
    {
        Assert.Equal("GetProducts", method);
        var request = GetProductsRequest.Parser.ParseFrom(body);
        var reply = new GetProductsReply();
        foreach (var sku in request.Skus)
        {
            if (Products.TryGetValue(sku, out var p))
            {
                var units = decimal.Truncate(p.Price);
                reply.Products.Add(new CatalogProduct
                {
                    ProductId = p.ProductId.ToString(), Sku = sku, Name = p.Name, Purchasable = true, Status = ProductStatus.Active,
                    UnitPrice = new Vargo.Catalog.Grpc.Money { CurrencyCode = PriceCurrencies.GetValueOrDefault(sku, "EUR"), Units = (long)units, Nanos = (int)((p.Price - units) * 1_000_000_000m) }
                });
            }
            else
            {
                reply.MissingSkus.Add(sku);
            }
        }
        return Task.FromResult(reply.ToByteArray());
    }
}

/// <summary>Inventory as the saga sees it, scripted per test: units per SKU and each order's reservation.</summary>
public sealed class ScriptedInventory
{
    public Dictionary<string, int> Available { get; } = [];
    public Dictionary<string, ReservationStatus> Reservations { get; } = [];
    private readonly Dictionary<string, List<StockLine>> _held = [];
    public bool Down { get; set; }

    /// <summary>How many CommitReservation calls reached it.</summary>
    public int CommitCalls { get; private set; }

    public Task<byte[]> HandleAsync(string method, byte[] body)
    {
        if (Down)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "inventory is down"));
        }
        lock (this)
        {
            CommitCalls += method == "CommitReservation" ? 1 : 0;
            IMessage reply = method switch
            {
                "ReserveStock" => Reserve(ReserveStockRequest.Parser.ParseFrom(body)),
                "CommitReservation" => Commit(CommitReservationRequest.Parser.ParseFrom(body)),
                "ReleaseReservation" => Release(ReleaseReservationRequest.Parser.ParseFrom(body)),
                _ => throw new RpcException(new Status(StatusCode.Unimplemented, method))
            };
            return Task.FromResult(reply.ToByteArray());
        }
    }

    private ReserveStockReply Reserve(ReserveStockRequest request)
    {
        if (Reservations.TryGetValue(request.OrderId, out var existing))
        {
            return new ReserveStockReply { Reserved = existing == ReservationStatus.Reserved, Status = existing };
        }
        var shortfalls = request.Lines.Where(l => Available.GetValueOrDefault(l.Sku) < l.Quantity)
            .Select(l => new StockShortfall { Sku = l.Sku, Requested = l.Quantity, Available = Available.GetValueOrDefault(l.Sku) }).ToList();
        if (shortfalls.Count > 0)
        {
            return new ReserveStockReply { Status = ReservationStatus.InsufficientStock, Shortfalls = { shortfalls } };
        }
        foreach (var line in request.Lines)
        {
            Available[line.Sku] -= line.Quantity;
        }
        Reservations[request.OrderId] = ReservationStatus.Reserved;
        _held[request.OrderId] = [.. request.Lines];
        return new ReserveStockReply { Reserved = true, Status = ReservationStatus.Reserved };
    }

    private CommitReservationReply Commit(CommitReservationRequest request)
    {
        if (Reservations.GetValueOrDefault(request.OrderId) is ReservationStatus.Reserved or ReservationStatus.Committed)
        {
            Reservations[request.OrderId] = ReservationStatus.Committed;
            return new CommitReservationReply { Committed = true, Status = CommitStatus.Committed };
        }
        return new CommitReservationReply { Status = CommitStatus.NotFound };
    }

    private ReleaseReservationReply Release(ReleaseReservationRequest request)
    {
        if (Reservations.GetValueOrDefault(request.OrderId) == ReservationStatus.Reserved)
        {
            Reservations[request.OrderId] = ReservationStatus.Released;
            foreach (var line in _held[request.OrderId])
            {
                Available[line.Sku] += line.Quantity;
            }
        }
        return new ReleaseReservationReply { Released = true, Status = ReleaseStatus.Released };
    }
}
