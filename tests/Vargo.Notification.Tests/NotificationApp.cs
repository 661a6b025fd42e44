using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Data;
using Vargo.Testing;
using Vargo.Testing.Hosting;

namespace Vargo.Notification.Tests;

/// <summary>
/// The Notification service in-process (its real Program on <see cref="ServiceHost{TProgram}"/>) against the project's
/// real PostgreSQL and RabbitMQ: its own database, its own exchange and queue names, its own pickup folder. Tokens come
/// from <see cref="TestTokens"/> in place of Auth's (the only stand-in).
/// </summary>
public sealed class NotificationApp : ServiceHost<Program>
{
    private static readonly TestTokens Tokens = new();

    private readonly string _serviceName;

    private NotificationApp(string pickupFolder, string exchange, string serviceName)
    {
        PickupFolder = pickupFolder;
        Exchange = exchange;
        _serviceName = serviceName;
    }

    public string PickupFolder { get; }

    public string Exchange { get; }

    public static async Task<NotificationApp> StartAsync(LocalServers servers, IDictionary<string, string?>? extra = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var app = new NotificationApp(Directory.CreateTempSubdirectory("vargo-mail-").FullName, $"vargo-test-{suffix}", $"notification-{suffix}");
        app.WithSetting("ConnectionStrings:notificationsdb", await servers.CreateDatabaseAsync("notifications", TestContext.Current.CancellationToken))
            .WithSetting("ConnectionStrings:messaging", await servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken))
            .WithSetting("Messaging:Exchange", app.Exchange)
            .WithSetting("Messaging:ServiceName", app._serviceName)
            .WithSetting("Notifications:PickupFolder", app.PickupFolder)
            .WithSetting("Notifications:PollInterval", "00:00:01")
            .WithSetting("Identity:Url", "http://localhost")
            .WithSettings(extra ?? new Dictionary<string, string?>())
            .TrustingTokens(Tokens);
        app.StartServer();
        return app;
    }

    public HttpClient CreateClient(Guid userId, bool admin = false)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin ? Tokens.For(userId, "Test User", "admin") : Tokens.For(userId));
        return client;
    }

    /// <summary>Publishes as a producer's relay does: the topic exchange, routing key = event type, persistent, confirmed.</summary>
    public Task PublishAsync(IntegrationEvent @event) =>
        PublishRawAsync(@event.Id.ToString(), @event.GetType().Name,
            JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), JsonSerializerOptions.Web));

    public async Task PublishRawAsync(string messageId, string eventType, byte[] body)
    {
        var connection = Services.GetRequiredService<IConnection>();
        await WaitForQueueAsync(connection);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var properties = new BasicProperties { MessageId = messageId, Type = eventType, DeliveryMode = DeliveryModes.Persistent };
                await channel.BasicPublishAsync(Exchange, eventType, mandatory: true, properties, body, TestContext.Current.CancellationToken);
                return true;
            }
            catch (RabbitMQ.Client.Exceptions.PublishException ex) when (ex.IsReturn)
            {
                // Declared but not bound yet: returned unroutable, published again.
                return false;
            }
        }, "the broker routed the event to the service's queue");
    }

    /// <summary>The service declares its exchange and queue when its consumer starts.</summary>
    private async Task WaitForQueueAsync(IConnection connection)
    {
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var probe = await connection.CreateChannelAsync();
                await probe.QueueDeclarePassiveAsync(_serviceName);
                return true;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return false;
            }
        }, "the service declared its queue");
    }

    public async Task<T> QueryAsync<T>(Func<NotificationsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NotificationsDbContext>());
    }

    public string[] EmailFiles() => Directory.GetFiles(PickupFolder, "*.eml");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(PickupFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The Notification test classes run one after another, as they always have (one SMTP pickup folder per app, one broker).</summary>
[CollectionDefinition(Name)]
public sealed class NotificationServersCollection
{
    public const string Name = "Notification servers";
}
