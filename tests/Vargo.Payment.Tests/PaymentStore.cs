using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Vargo.Payment.Data;
using Vargo.Payment.Gateways;
using Vargo.Payment.Payments;
using Vargo.Testing;

namespace Vargo.Payment.Tests;

/// <summary>A fresh, migrated paymentsdb on the shared real PostgreSQL, and processors over it (one DbContext each, as per request).</summary>
public sealed class PaymentStore(string connectionString)
{
    /// <summary>The processors' metrics, on a meter factory of this store's own (so a test's collector sees only its calls).</summary>
    public PaymentMetrics Metrics { get; } = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static async Task<PaymentStore> CreateAsync(PostgresFixture fixture)
    {
        var store = new PaymentStore(await fixture.Servers.CreateDatabaseAsync("payments"));
        await using var db = store.NewDbContext();
        await db.Database.MigrateAsync();
        return store;
    }

    public PaymentsDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql(connectionString).Options);

    public async Task<T> WithProcessorAsync<T>(Func<PaymentProcessor, Task<T>> call)
    {
        await using var db = NewDbContext();
        return await call(new PaymentProcessor(db, new SimulatedGateway(), new PaymentEvents(db), Metrics, TimeProvider.System));
    }

    public static AuthorizeCommand Authorize(string key, decimal amount = 100m, string card = "4242 4242 4242 4242", string cvc = "123",
        int expMonth = 12, int expYear = 2034, Guid? orderId = null) =>
        new(key, orderId ?? Guid.NewGuid(), Guid.NewGuid(), "buyer@example.com", amount, "EUR", new CardDetails(card, expMonth, expYear, cvc));
}
