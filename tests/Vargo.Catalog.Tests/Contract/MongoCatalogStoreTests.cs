using MongoDB.Bson;
using MongoDB.Driver;
using Vargo.Catalog.Store;
using Vargo.Catalog.Store.Mongo;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Messaging.Outbox.Mongo;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>
/// The contract suite against MongoDB, when <c>VARGO_TEST_MONGODB</c> holds a connection string
/// (e.g. <c>docker run -d -p 27017:27017 mongo:8</c> then <c>VARGO_TEST_MONGODB=mongodb://localhost:27017</c>).
/// A fresh database per test, dropped afterwards.
/// </summary>
[Trait("Store", "MongoDB")]
public sealed class MongoCatalogStoreTests : CatalogStoreContract, IAsyncLifetime
{
    public const string ConnectionVariable = "VARGO_TEST_MONGODB";
    private readonly List<string> _databases = [];
    private MongoClient? _client;
    private IMongoDatabase? _database;

    protected override async Task<ICatalogStore> CreateStoreAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(connectionString), $"{ConnectionVariable} is not set: no server for this store (see the catalog README).");
        _client ??= new MongoClient(connectionString);
        var name = $"vargo_catalog_test_{Guid.NewGuid():N}";
        _databases.Add(name);
        _database = _client.GetDatabase(name);
        var store = new MongoCatalogStore(_database);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    protected override async Task<IReadOnlyList<ProductUpserted>> PendingEventsAsync()
    {
        var entries = await MongoOutbox.PendingAsync(_database!.GetCollection<BsonDocument>(MongoCatalogStore.ProductsCollection), TestContext.Current.CancellationToken);
        return entries.Select(e => e.ReadEvent<ProductUpserted>()).ToList();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _databases)
        {
            await _client!.DropDatabaseAsync(name, TestContext.Current.CancellationToken);
        }
        _client?.Dispose();
    }
}
