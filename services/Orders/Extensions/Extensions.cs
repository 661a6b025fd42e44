using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;
using Vargo.Messaging.DeadLetters;
using Vargo.Messaging.Contracts;
using Vargo.Orders.Apis;
using Vargo.Orders.Catalog;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Events;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on request parameters (PageRequest on the order lists), checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddDefaultAuthentication();
        // Every saved status change wakes the order's Server-Sent Events watchers in this process.
        var statusFeed = new OrderStatusFeed();
        builder.Services.AddSingleton(statusFeed);
        builder.AddNpgsqlDbContext<OrdersDbContext>("ordersdb",
            configureDbContextOptions: options => options.AddInterceptors(new OrderStatusNotifier(statusFeed)));
        builder.AddVargoMessaging("messaging")
            .UseDbContext<OrdersDbContext>()
            .AddConsumer<PaymentFailed, CancelOrderWhenPaymentFails>()
            .AddConsumer<StockReservationExpired, CancelOrderWhenReservationExpires>()
            .AddConsumer<PaymentRefunded, RecordRefundWhenPaymentRefunded>();
        builder.Services.AddOpsCommand("replay-dead-letters", DeadLetterQueue.ReplayAllForOperatorAsync);
        builder.Services.AddMigration<OrdersDbContext>();

        // Service discovery resolves "_grpc.<service>" to the service's HTTP/2-only `grpc` endpoint.
        builder.Services.AddGrpcClient<Vargo.Catalog.Grpc.Catalog.CatalogClient>(o => o.Address = new Uri("http://_grpc.catalog"));
        builder.Services.AddGrpcClient<Vargo.Inventory.Grpc.Inventory.InventoryClient>(o => o.Address = new Uri("http://_grpc.inventory"));
        builder.Services.AddGrpcClient<Vargo.Payment.Grpc.Payments.PaymentsClient>(o => o.Address = new Uri("http://_grpc.payment"))
            .AddFaultPoint(CheckoutFaults.PaymentCall);

        builder.Services.AddExceptionHandler<PeerUnavailableHandler>();
        builder.Services.AddOptions<CheckoutOptions>().BindConfiguration(CheckoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OrdersMetrics>();
        builder.Services.AddScoped<CatalogPrices>();
        builder.Services.AddScoped<SagaSteps>();
        builder.Services.AddScoped<OrderEvents>();
        builder.Services.AddScoped<CheckoutKeys>();
        builder.Services.AddScoped<CheckoutSaga>();
        builder.Services.AddScoped<OrderLease>();
        builder.Services.AddScoped<OrderChanges>();
        builder.Services.AddHostedService<RecoveryWorker>();

        // Serves protos/orders.proto (Inventory's expiry asks what became of a checkout) on the `grpc` endpoint.
        builder.Services.AddGrpc();
    }
}
