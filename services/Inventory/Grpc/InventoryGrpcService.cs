using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Vargo.Inventory.Stock;
using GrpcStatus = Grpc.Core.Status;

namespace Vargo.Inventory.Grpc;

/// <summary>The internal gRPC face of <see cref="ReservationService"/> (Orders calls it during checkout).</summary>
public sealed class InventoryGrpcService(ReservationService reservations, StockQueries queries) : Inventory.InventoryBase
{
    public const int MaxLines = 100;

    public override async Task<ReserveStockReply> ReserveStock(ReserveStockRequest request, ServerCallContext context)
    {
        var orderId = ParseOrderId(request.OrderId);
        if (request.Lines.Count is 0 or > MaxLines)
        {
            throw InvalidArgument($"lines: between 1 and {MaxLines} lines are required.");
        }
        foreach (var line in request.Lines)
        {
            if (!StockQueries.IsValidSku(line.Sku))
            {
                throw InvalidArgument("lines.sku: a SKU is 1 to 64 characters.");
            }
            if (line.Quantity is <= 0 or > 10_000)
            {
                throw InvalidArgument("lines.quantity: must be between 1 and 10000.");
            }
        }
        TimeSpan? ttl = request.Ttl is null ? null : request.Ttl.ToTimeSpan();
        if (ttl < TimeSpan.Zero)
        {
            throw InvalidArgument("ttl: must not be negative.");
        }

        var result = await Guard(() => reservations.ReserveAsync(
            orderId, [.. request.Lines.Select(line => new StockQuantity(line.Sku, line.Quantity))], ttl, "checkout",
            context.CancellationToken));

        var reply = new ReserveStockReply
        {
            Reserved = result.IsReserved,
            Status = result.Status switch
            {
                ReserveStatus.Reserved => ReservationStatus.Reserved,
                ReserveStatus.InsufficientStock => ReservationStatus.InsufficientStock,
                ReserveStatus.UnknownSku => ReservationStatus.UnknownSku,
                ReserveStatus.Committed => ReservationStatus.Committed,
                ReserveStatus.Released => ReservationStatus.Released,
                _ => ReservationStatus.Expired,
            },
            ExpiresAtUnixMs = result.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0,
        };
        reply.Shortfalls.AddRange(result.Shortfalls.Select(s => new StockShortfall { Sku = s.Sku, Requested = s.Requested, Available = s.Available }));
        return reply;
    }

    public override async Task<CommitReservationReply> CommitReservation(CommitReservationRequest request, ServerCallContext context)
    {
        var result = await Guard(() => reservations.CommitAsync(ParseOrderId(request.OrderId), "checkout", context.CancellationToken));
        return new CommitReservationReply
        {
            Committed = result.IsApplied,
            Status = result switch
            {
                { IsApplied: true } => CommitStatus.Committed,
                { IsFound: false } => CommitStatus.NotFound,
                { State: Data.ReservationState.Released } => CommitStatus.Released,
                _ => CommitStatus.Expired,
            },
        };
    }

    public override async Task<ReleaseReservationReply> ReleaseReservation(ReleaseReservationRequest request, ServerCallContext context)
    {
        var result = await Guard(() => reservations.ReleaseAsync(ParseOrderId(request.OrderId), "checkout", context.CancellationToken));
        return new ReleaseReservationReply
        {
            Released = result.IsApplied,
            Status = result switch
            {
                { IsApplied: true } => ReleaseStatus.Released,
                { IsFound: false } => ReleaseStatus.NotFound,
                { State: Data.ReservationState.Committed or Data.ReservationState.Returned } => ReleaseStatus.Committed,
                _ => ReleaseStatus.Expired,
            },
        };
    }

    public override async Task<GetAvailabilityReply> GetAvailability(GetAvailabilityRequest request, ServerCallContext context)
    {
        if (request.Skus.Count > StockQueries.MaxSkusPerQuery || request.Skus.Any(sku => !StockQueries.IsValidSku(sku)))
        {
            throw InvalidArgument($"skus: up to {StockQueries.MaxSkusPerQuery} SKUs of 1 to 64 characters.");
        }
        var items = await Guard(() => queries.GetAvailabilityAsync([.. request.Skus], context.CancellationToken));
        var reply = new GetAvailabilityReply();
        reply.Items.AddRange(items.Select(item => new SkuAvailability { Sku = item.Sku, Available = item.Available, Known = item.Known }));
        return reply;
    }

    private static Guid ParseOrderId(string text) =>
        Guid.TryParse(text, out var orderId) && orderId != Guid.Empty
            ? orderId
            : throw InvalidArgument("order_id: must be a non-empty GUID.");

    private static RpcException InvalidArgument(string detail) => new(new GrpcStatus(StatusCode.InvalidArgument, detail));

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is StockUnavailableException or StackExchange.Redis.RedisException or TimeoutException)
        {
            throw new RpcException(new GrpcStatus(StatusCode.Unavailable, "Stock is briefly unavailable; retry."));
        }
    }
}
