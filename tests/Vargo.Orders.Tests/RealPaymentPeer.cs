extern alias PaymentService;

using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using PaymentService::Vargo.Payment.Data;
using PaymentService::Vargo.Payment.Gateways;
using PaymentService::Vargo.Payment.Payments;
using Server = PaymentService::Vargo.Payment.Grpc;

namespace Vargo.Orders.Tests;

/// <summary>
/// The real Payment service code (gRPC service, processor, simulated gateway) on its own real PostgreSQL database,
/// called through <see cref="LoopbackCallInvoker"/>. <see cref="Down"/> makes every call fail as an outage would.
/// </summary>
public sealed class RealPaymentPeer(string connectionString, PaymentMetrics metrics)
{
    public PaymentMetrics Metrics => metrics;

    public bool Down { get; set; }

    /// <summary>Fails every call after the next successful authorization (a crash of Payment at the worst moment).</summary>
    public bool GoDownAfterAuthorize { get; set; }

    public PaymentsDbContext NewDbContext() => new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql(connectionString).Options);

    public async Task MigrateAsync()
    {
        await using var db = NewDbContext();
        await db.Database.MigrateAsync();
    }

    public async Task<byte[]> HandleAsync(string method, byte[] body)
    {
        if (Down)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "payment is down"));
        }
        await using var db = NewDbContext();
        var service = new Server.PaymentsGrpcService(new PaymentProcessor(db, new SimulatedGateway(), new PaymentEvents(db), Metrics, TimeProvider.System));
        var context = new TestServerCallContext();
        IMessage reply = method switch
        {
            "Authorize" => await service.Authorize(Server.AuthorizeRequest.Parser.ParseFrom(body), context),
            "Capture" => await service.Capture(Server.CaptureRequest.Parser.ParseFrom(body), context),
            "Void" => await service.Void(Server.VoidRequest.Parser.ParseFrom(body), context),
            "Refund" => await service.Refund(Server.RefundRequest.Parser.ParseFrom(body), context),
            "GetPayment" => await service.GetPayment(Server.GetPaymentRequest.Parser.ParseFrom(body), context),
            "ListOrderPayments" => await service.ListOrderPayments(Server.ListOrderPaymentsRequest.Parser.ParseFrom(body), context),
            _ => throw new RpcException(new Status(StatusCode.Unimplemented, method))
        };
        if (method == "Authorize" && GoDownAfterAuthorize)
        {
            GoDownAfterAuthorize = false;
            Down = true;
        }
        return reply.ToByteArray();
    }

    public async Task<List<PaymentService::Vargo.Payment.Payments.Payment>> PaymentsOfAsync(Guid orderId)
    {
        await using var db = NewDbContext();
        return await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync();
    }

    private sealed class TestServerCallContext : ServerCallContext
    {
        protected override string MethodCore => "";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "loopback";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore => [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
