using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using RabbitMQ.Client;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Messaging.Outbox.Mongo;
using Vargo.Testing;

namespace Vargo.Messaging.Tests;

/// <summary>
/// The MongoDB outbox store: the same guarantees as the PostgreSQL outbox (OutboxTests), with the events kept inside the
/// changed document. Server tests need MongoDB (skipped, with the reason, unless <c>VARGO_TEST_MONGODB</c> names one)
/// and use the real RabbitMQ.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class MongoOutboxTests(PostgresAndRabbitMQFixture fixture)
{
    public const string ConnectionVariable = "VARGO_TEST_MONGODB";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private sealed class Order
    {
        public Guid Id { get; set; }
        public decimal Total { get; set; }
        public string Note { get; set; } = "";
        public long Version { get; set; }
    }

    [Fact]
    public void A_replacement_is_taken_literally_and_appends_to_the_pending_events()
    {
        BsonSerializer.TryRegisterSerializer(new MongoDB.Bson.Serialization.Serializers.GuidSerializer(GuidRepresentation.Standard));
        var order = new Order { Id = Guid.NewGuid(), Total = 10m, Note = "$Outbox" };
        var placed = NewOrderPlaced(order.Id);

        var update = MongoOutbox.ReplaceWithEvents(order, [placed], DateTimeOffset.UnixEpoch);
        var rendered = update.Render(new RenderArgs<Order>(BsonSerializer.LookupSerializer<Order>(), BsonSerializer.SerializerRegistry)).AsBsonArray;

        var merge = rendered.Single()["$replaceWith"]["$mergeObjects"].AsBsonArray;
        // A value that looks like a field path ("$Outbox") is data: the whole replacement sits inside $literal.
        Assert.Equal("$Outbox", merge[0]["$literal"]["Note"].AsString);
        var outbox = merge[1][MongoOutbox.Field]["$concatArrays"].AsBsonArray;
        Assert.Equal("$" + MongoOutbox.Field, outbox[0]["$ifNull"][0].AsString);
        var entry = outbox[1]["$literal"].AsBsonArray.Single().AsBsonDocument;
        Assert.Equal(nameof(OrderPlaced), entry[nameof(MongoOutboxEntry.EventType)].AsString);
        Assert.Equal(placed.Id, BsonSerializer.Deserialize<MongoOutboxEntry>(entry).Id);
    }

    [Fact]
    public async Task An_event_stored_with_its_document_is_published_confirmed_and_removed_from_the_document()
    {
        var database = MongoDatabase();
        await using var service = await StartAsync(database);
        var queue = await BindQueueAsync(service);
        var orders = database.GetCollection<BsonDocument>("orders");

        var order = new Order { Id = Guid.NewGuid(), Total = 42m };
        var placed = NewOrderPlaced(order.Id);
        var document = order.ToBsonDocument();
        document[MongoOutbox.Field] = new BsonArray { MongoOutbox.Entry(placed, DateTimeOffset.UtcNow).ToBsonDocument() };
        await orders.InsertOneAsync(document, cancellationToken: Cancellation);

        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        BasicGetResult? delivered = null;
        await Eventually.TrueAsync(async () => (delivered ??= await channel.BasicGetAsync(queue, autoAck: true, Cancellation)) is not null, "the event reached the queue");
        Assert.Equal(placed.Id.ToString(), delivered!.BasicProperties.MessageId);

        await Eventually.TrueAsync(async () => (await MongoOutbox.PendingAsync(orders, Cancellation)).Count == 0, "the entry left its document");
        var sent = await database.GetCollection<BsonDocument>(MongoOutbox.SentCollection)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", new BsonBinaryData(placed.Id, GuidRepresentation.Standard))).SingleAsync(Cancellation);
        Assert.Equal(nameof(OrderPlaced), sent["EventType"].AsString);
    }

    [Fact]
    public async Task A_conditional_replace_stores_the_change_with_its_event_or_neither()
    {
        var database = MongoDatabase();
        try
        {
            await ReplaceTwiceAsync(database);
        }
        finally
        {
            await database.Client.DropDatabaseAsync(database.DatabaseNamespace.DatabaseName, Cancellation);
        }
    }

    private static async Task ReplaceTwiceAsync(IMongoDatabase database)
    {
        var orders = database.GetCollection<Order>("orders");
        var order = new Order { Id = Guid.NewGuid(), Total = 10m, Version = 1 };
        var created = NewOrderPlaced(order.Id);
        await orders.UpdateOneAsync(o => o.Id == order.Id, MongoOutbox.ReplaceWithEvents(order, [created], DateTimeOffset.UtcNow),
            new UpdateOptions { IsUpsert = true }, Cancellation);

        var changed = new Order { Id = order.Id, Total = 12m, Version = 2 };
        var update = NewOrderPlaced(order.Id);
        var applied = await orders.UpdateOneAsync(o => o.Id == order.Id && o.Version == 1, MongoOutbox.ReplaceWithEvents(changed, [update], DateTimeOffset.UtcNow), cancellationToken: Cancellation);
        var stale = NewOrderPlaced(order.Id);
        var refused = await orders.UpdateOneAsync(o => o.Id == order.Id && o.Version == 1,
            MongoOutbox.ReplaceWithEvents(new Order { Id = order.Id, Total = 99m, Version = 2 }, [stale], DateTimeOffset.UtcNow), cancellationToken: Cancellation);

        Assert.Equal(1, applied.ModifiedCount);
        Assert.Equal(0, refused.MatchedCount);
        var stored = await database.GetCollection<BsonDocument>("orders").Find(Builders<BsonDocument>.Filter.Empty).SingleAsync(Cancellation);
        Assert.Equal(12m, stored["Total"].ToDecimal());
        // The creation's event, not yet relayed, survives the replacement; the refused write left no event.
        Assert.Equal([created.Id, update.Id], (await MongoOutbox.PendingAsync(database.GetCollection<BsonDocument>("orders"), Cancellation)).Select(e => e.Id));
    }

    private static IMongoDatabase MongoDatabase()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(connectionString),
            $"{ConnectionVariable} is not set: no MongoDB server (e.g. docker run -d -p 27017:27017 mongo:8, then {ConnectionVariable}=mongodb://localhost:27017).");
        BsonSerializer.TryRegisterSerializer(new MongoDB.Bson.Serialization.Serializers.GuidSerializer(GuidRepresentation.Standard));
        var client = new MongoClient(connectionString);
        // A fresh database per test; the server is the developer's, so the name says what it is.
        return client.GetDatabase($"vargo_messaging_test_{Guid.NewGuid():N}");
    }

    private static OrderPlaced NewOrderPlaced(Guid orderId) =>
        new(orderId, Guid.NewGuid(), "buyer@example.test", [new OrderLine(Guid.NewGuid(), "SKU-1", "Kettle", 1, 10m)], 10m, "EUR")
        {
            OccurredAt = TimeProvider.System.GetUtcNow()
        };

    private async Task<MongoService> StartAsync(IMongoDatabase database)
    {
        var exchange = $"vargo-test-{Guid.NewGuid().ToString("N")[..8]}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Vargo.Messaging.Tests" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = await fixture.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ),
        });
        builder.Services.AddSingleton(database);
        builder.AddVargoMessaging("messaging", o => o.Exchange = exchange).UseMongoOutbox("orders");
        var host = builder.Build();
        await host.StartAsync(Cancellation);
        return new MongoService(host, database, exchange);
    }

    private static async Task<string> BindQueueAsync(MongoService service)
    {
        var connection = service.Services.GetRequiredService<IConnection>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        await channel.ExchangeDeclareAsync(service.Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync(exclusive: false, autoDelete: false)).QueueName;
        await channel.QueueBindAsync(queue, service.Exchange, nameof(OrderPlaced));
        return queue;
    }

    private sealed class MongoService(IHost host, IMongoDatabase database, string exchange) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public string Exchange => exchange;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            await database.Client.DropDatabaseAsync(database.DatabaseNamespace.DatabaseName, CancellationToken.None);
        }
    }
}
