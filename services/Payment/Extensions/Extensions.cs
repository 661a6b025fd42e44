using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Stripe;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Payment.Data;
using Vargo.Payment.Gateways;
using Vargo.Payment.Payments;

namespace Vargo.Payment.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on request parameters, checked before a handler runs (the same convention as every service).
        builder.Services.AddValidation();
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDbContext<PaymentsDbContext>("paymentsdb");
        builder.Services.AddMigration<PaymentsDbContext>();
        builder.AddVargoMessaging("messaging").UseDbContext<PaymentsDbContext>()
            // No service consumes PaymentSucceeded yet: published as a fact, not retried as unroutable.
            .PublishesWithoutSubscriber<PaymentSucceeded>();
        builder.Services.AddGrpc();
        // Statuses read as words ("Captured"), not enum numbers, in the admin API.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        builder.Services.AddSingleton<PaymentMetrics>();
        builder.Services.AddScoped<PaymentProcessor>();
        builder.Services.AddScoped<PaymentEvents>();

        // Stripe only when its secret key is configured (a user secret or an Aspire parameter, never the repo).
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new StripeClient(sp.GetRequiredService<IOptions<StripeOptions>>().Value.SecretKey));
        builder.Services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<IOptions<StripeOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<StripeGateway>(sp)
            : ActivatorUtilities.CreateInstance<SimulatedGateway>(sp));
    }
}
