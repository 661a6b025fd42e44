using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using Vargo.Messaging.Inbox;
using Vargo.Recommendation.Data;
using Microsoft.Extensions.DependencyInjection;
using Vargo.DemoData;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Assistant;
using Vargo.Recommendation.Products;
using Vargo.Recommendation.Search;
using Vargo.Testing;
using Vargo.Testing.Hosting;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// The Recommendation service as it runs (its Program, the project's real PostgreSQL and RabbitMQ), seeded with six
/// categories of the demo catalog. Tokens come from <see cref="TestTokens"/>; the Orders API is <see cref="FakeOrdersApi"/>.
/// One per test class, with a database, an exchange and queues of its own.
/// </summary>
public sealed class RecommendationServiceFixture(PostgresAndRabbitMQFixture servers) : IAsyncLifetime
{
    public static readonly string[] SeededLeaves = ["boots", "running-shoes", "frying-pans", "tents", "bluetooth-speakers", "hiking-backpacks"];

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private ServiceHost<Program>? _factory;
    private IConnection? _connection;

    // The bus's wire format: JSON with web defaults, the routing key and AMQP type naming the event type.
    private static readonly JsonSerializerOptions WireFormat = new(JsonSerializerDefaults.Web);

    public TestTokens Tokens { get; } = new();
    public FakeOrdersApi Orders { get; } = new();
    public IReadOnlyList<DemoProduct> Catalog { get; private set; } = [];
    public ServiceHost<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    /// <summary>The topic exchange this instance consumes from (its own: the project's instances share one broker).</summary>
    public string Exchange => $"vargo-test-{_suffix}";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = await servers.Servers.CreateDatabaseAsync("recommendation", cancellationToken);
        var messaging = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, cancellationToken);

        _factory = new ServiceHost<Program>()
            .WithSetting("ConnectionStrings:recommendationdb", database)
            .WithSetting("ConnectionStrings:messaging", messaging)
            .WithSetting("Messaging:Exchange", Exchange)
            .WithSetting("Messaging:ServiceName", $"recommendation-{_suffix}")
            .WithSetting("Identity:Url", "https://auth.test")
            .TrustingTokens(Tokens)
            .WithServices(services =>
            {
                services.AddHttpClient<OrdersClient>().ConfigurePrimaryHttpMessageHandler(() => Orders);
                // No catalog service here: the products come as events (the back-fill has its own tests).
                services.AddSingleton<ICatalogProductSource>(new ListedCatalog([]));
            });
        _factory.StartServer();

        var directory = _factory.Services.GetRequiredService<ProductDirectory>();
        await Eventually.TrueAsync(() => directory.IsLoaded, "the product directory loaded", TimeSpan.FromMinutes(5));

        Catalog = DemoCatalog.Create().Products
            .Where(p => SeededLeaves.Contains(p.CategoryPath.Split('/')[^1]))
            .ToList();
        _connection = await new ConnectionFactory { Uri = new Uri(messaging) }.CreateConnectionAsync(cancellationToken);
        await WaitForConsumerTopologyAsync();
        await PublishAsync([.. Catalog.Select(p => DemoProductEvents.ToEvent(p, p.CreatedAt))]);
    }

    public HttpClient CreateClient(Guid? userId = null)
    {
        var client = Factory.CreateClient();
        if (userId is { } id)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.For(id));
        }
        return client;
    }

    /// <summary>
    /// Publishes events to the bus as their producers' outbox relays do (to <see cref="Exchange"/>, routing key = event type,
    /// message id = event id) and waits until the service's inbox has recorded the last one: the queue is consumed in order.
    /// </summary>
    public async Task PublishAsync(params IntegrationEvent[] events)
    {
        await using var channel = await _connection!.CreateChannelAsync();
        foreach (var @event in events)
        {
            var type = @event.GetType().Name;
            var properties = new BasicProperties
            {
                MessageId = @event.Id.ToString(), Type = type, ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent,
            };
            await channel.BasicPublishAsync(Exchange, type, mandatory: false, properties, JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), WireFormat));
        }

        var last = events[^1].Id;
        // A bound, not an expectation: the first call embeds the seeded catalog, minutes on a loaded 2-core machine.
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecommendationDbContext>();
            return await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == last, TestContext.Current.CancellationToken);
        }, "the service's inbox recorded the last event", TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// The service declares its exchange, queue and bindings when its consumer starts, which may be after the app
    /// answers; an event published before that is lost. Its dead-letter queue (<c>{service}.dead-letters</c>) is
    /// declared last (BusTopology), so once it exists every binding does.
    /// </summary>
    private async Task WaitForConsumerTopologyAsync()
    {
        var service = Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Vargo.Messaging.MessagingOptions>>().Value.ServiceName;
        await Eventually.TrueAsync(async () =>
        {
            // A passive declare of a missing queue closes its channel: one channel per look.
            await using var channel = await _connection!.CreateChannelAsync();
            try
            {
                await channel.QueueDeclarePassiveAsync($"{service}.dead-letters");
                return true;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return false;
            }
        }, "the service declared its queues on the bus");
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        Tokens.Dispose();
    }
}
