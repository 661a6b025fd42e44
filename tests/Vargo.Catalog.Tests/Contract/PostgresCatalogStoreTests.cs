using Microsoft.EntityFrameworkCore;
using Vargo.Catalog.Store;
using Vargo.Catalog.Store.Postgres;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Testing;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>The contract suite against a real PostgreSQL (a fresh, migrated database per test).</summary>
public sealed class PostgresCatalogStoreTests(AllServersFixture fixture) : CatalogStoreContract
{
    private string? _connectionString;

    protected override async Task<ICatalogStore> CreateStoreAsync()
    {
        var connectionString = _connectionString = await fixture.Servers.CreateDatabaseAsync("catalog");
        var db = new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql(connectionString).Options);
        var store = new PostgresCatalogStore(db);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override async Task<IReadOnlyList<ProductUpserted>> PendingEventsAsync()
    {
        await using var db = new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql(_connectionString).Options);
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.SentAt == null).OrderBy(m => m.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        return rows.Select(r => r.ReadEvent<ProductUpserted>()).ToList();
    }
}
