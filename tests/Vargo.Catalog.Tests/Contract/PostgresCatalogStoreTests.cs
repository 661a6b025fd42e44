using Microsoft.EntityFrameworkCore;
using Vargo.Catalog.Store;
using Vargo.Catalog.Store.Postgres;
using Vargo.Testing;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>The contract suite against a real PostgreSQL (a fresh, migrated database per test).</summary>
public sealed class PostgresCatalogStoreTests(AllServersFixture fixture) : CatalogStoreContract
{
    protected override async Task<ICatalogStore> CreateStoreAsync()
    {
        var connectionString = await fixture.Servers.CreateDatabaseAsync("catalog");
        var db = new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql(connectionString).Options);
        var store = new PostgresCatalogStore(db);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
