using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Vargo.Messaging;
using Vargo.Payment.Data;
using Vargo.Payment.Gateways;
using Vargo.Payment.Payments;

namespace Vargo.Payment.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDbContext<PaymentsDbContext>("paymentsdb");
        builder.AddVargoMessaging("messaging").UseDbContext<PaymentsDbContext>();
        builder.Services.AddGrpc();
        // Statuses read as words ("Captured"), not enum numbers, in the admin API.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        builder.Services.AddScoped<PaymentProcessor>();
        builder.Services.AddScoped<PaymentEvents>();

        // Stripe only when its secret key is configured (a user secret or an Aspire parameter, never the repo).
        var stripeKey = builder.Configuration["Payment:Stripe:SecretKey"];
        if (string.IsNullOrWhiteSpace(stripeKey))
        {
            builder.Services.AddSingleton<IPaymentGateway, SimulatedGateway>();
        }
        else
        {
            builder.Services.AddSingleton(new StripeClient(stripeKey));
            builder.Services.AddSingleton<IPaymentGateway, StripeGateway>();
        }
    }

    /// <summary>Brings the schema up to date before the service takes traffic.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PaymentsDbContext>().Database.MigrateAsync();
    }
}
