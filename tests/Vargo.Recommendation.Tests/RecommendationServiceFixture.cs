using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vargo.DemoData;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Assistant;
using Vargo.Recommendation.Products;
using Vargo.Recommendation.Purchases;
using Vargo.Recommendation.Search;
using Vargo.Testing;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// The Recommendation service as it runs (its Program, real PostgreSQL and RabbitMQ), seeded with six categories of the
/// demo catalog. Tokens come from <see cref="TestTokens"/>; the Orders API is <see cref="FakeOrdersApi"/>.
/// </summary>
public sealed class RecommendationServiceFixture : IAsyncLifetime
{
    public static readonly string[] SeededLeaves = ["boots", "running-shoes", "frying-pans", "tents", "bluetooth-speakers", "hiking-backpacks"];

    private LocalServers? _servers;
    private WebApplicationFactory<Program>? _factory;

    public TestTokens Tokens { get; } = new();
    public FakeOrdersApi Orders { get; } = new();
    public IReadOnlyList<DemoProduct> Catalog { get; private set; } = [];
    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _servers = await LocalServers.StartAsync(LocalServerKinds.Postgres | LocalServerKinds.RabbitMQ);
        var database = await _servers.CreateDatabaseAsync("recommendation");
        var messaging = await _servers.GetConnectionStringAsync(LocalServers.RabbitMQ);

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:recommendationdb", database);
            web.UseSetting("ConnectionStrings:messaging", messaging);
            web.UseSetting("Identity:Url", "https://auth.test");
            web.ConfigureTestServices(services =>
            {
                Tokens.Trust(services);
                services.AddHttpClient<OrdersClient>().ConfigurePrimaryHttpMessageHandler(() => Orders);
            });
        });
        _ = _factory.Server;

        var directory = _factory.Services.GetRequiredService<ProductDirectory>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!directory.IsLoaded)
        {
            await Task.Delay(100, timeout.Token);
        }

        Catalog = DemoCatalog.Create().Products
            .Where(p => SeededLeaves.Contains(p.CategoryPath.Split('/')[^1]))
            .ToList();
        foreach (var product in Catalog)
        {
            await PublishAsync(DemoProductEvents.ToEvent(product, product.CreatedAt));
        }
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

    /// <summary>Delivers an event to the service's handler the way the consumer does: one scope, one call.</summary>
    public async Task PublishAsync(ProductUpserted product)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProductVectorWriter>().UpsertAsync(product, CancellationToken.None);
    }

    public async Task PublishAsync(OrderPlaced order)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PurchaseRecorder>().RecordAsync(order, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}
