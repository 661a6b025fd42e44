using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RabbitMQ.Client;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Data;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

/// <summary>
/// The Notification service in-process against real PostgreSQL and RabbitMQ: its own database, its own exchange and
/// queue names, its own pickup folder. Tokens are signed with a test key in place of Auth's (the only stand-in).
/// </summary>
public sealed class NotificationApp : WebApplicationFactory<Program>
{
    private const string Issuer = "vargo-test";
    // Services accept RS256 access tokens only (ServiceDefaults), so the test signs the way Auth does.
    private static readonly RsaSecurityKey SigningKey = new(System.Security.Cryptography.RSA.Create(2048));

    private readonly Dictionary<string, string?> _settings;

    private NotificationApp(Dictionary<string, string?> settings, string pickupFolder, string exchange)
    {
        _settings = settings;
        PickupFolder = pickupFolder;
        Exchange = exchange;
    }

    public string PickupFolder { get; }

    public string Exchange { get; }

    public static async Task<NotificationApp> StartAsync(LocalServers servers, IDictionary<string, string?>? extra = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var pickupFolder = Directory.CreateTempSubdirectory("vargo-mail-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:notificationsdb"] = await servers.CreateDatabaseAsync("notifications"),
            ["ConnectionStrings:messaging"] = await servers.GetConnectionStringAsync(LocalServers.RabbitMQ),
            ["Messaging:Exchange"] = $"vargo-test-{suffix}",
            ["Messaging:ServiceName"] = $"notification-{suffix}",
            ["Notifications:PickupFolder"] = pickupFolder,
            ["Notifications:PollInterval"] = "00:00:01",
            ["Identity:Url"] = "http://localhost",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var app = new NotificationApp(settings, pickupFolder, settings["Messaging:Exchange"]!);
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                options.Authority = null;
                options.TokenValidationParameters.ValidIssuer = Issuer;
                options.TokenValidationParameters.IssuerSigningKey = SigningKey;
            }));
    }

    public HttpClient CreateClient(Guid userId, bool admin = false)
    {
        var claims = new List<Claim> { new("sub", userId.ToString()), new("name", "Test User") };
        if (admin)
        {
            claims.Add(new Claim("roles", "admin"));
        }
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "vargo",
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt"
        });
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
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
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var properties = new BasicProperties { MessageId = messageId, Type = eventType, DeliveryMode = DeliveryModes.Persistent };
                await channel.BasicPublishAsync(Exchange, eventType, mandatory: true, properties, body);
                return;
            }
            catch (RabbitMQ.Client.Exceptions.PublishException ex) when (ex.IsReturn && attempt < 100)
            {
                // Declared but not bound yet.
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The service declares its exchange and queue when its consumer starts.</summary>
    private async Task WaitForQueueAsync(IConnection connection)
    {
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var probe = await connection.CreateChannelAsync();
                await probe.QueueDeclarePassiveAsync(_settings["Messaging:ServiceName"]!);
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
