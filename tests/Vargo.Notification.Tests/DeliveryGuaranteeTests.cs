using Microsoft.EntityFrameworkCore;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Notifications;
using Vargo.Testing;
using Vargo.Testing.Hosting;

namespace Vargo.Notification.Tests;

/// <summary>The "never twice" rules of the dispatcher, with a real SMTP client failing against a closed port.</summary>
[Collection(NotificationServersCollection.Name)]
public sealed class DeliveryGuaranteeTests(PostgresAndRabbitMQFixture fixture)
{
    private LocalServers Servers => fixture.Servers;

    [Fact]
    public async Task Unreachable_smtp_server_keeps_the_delivery_pending_for_a_retry()
    {
        using var closed = new ClosedPort();
        await using var app = await NotificationApp.StartAsync(Servers, SmtpOn(closed));
        var registered = new UserRegistered(Guid.NewGuid(), "dora@example.test", "Dora") { OccurredAt = DateTimeOffset.UtcNow };

        await app.PublishAsync(registered);

        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Deliveries.AnyAsync(d =>
            d.Notification.EventId == registered.Id && d.Attempts >= 1 && d.Status == DeliveryStatus.Pending && d.LastError != null)),
            "the failed attempt was recorded and a retry scheduled");
        var delivery = await app.QueryAsync(db => db.Deliveries.SingleAsync(d => d.Notification.EventId == registered.Id));
        Assert.NotNull(delivery.NextAttemptAt);
        Assert.Null(delivery.SentAt);
        Assert.Empty(app.EmailFiles());
    }

    [Fact]
    public async Task Interrupted_smtp_send_is_marked_uncertain_and_not_repeated()
    {
        using var closed = new ClosedPort();
        await using var app = await NotificationApp.StartAsync(Servers, SmtpOn(closed));
        var deliveryId = await AddInterruptedDeliveryAsync(app);

        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Deliveries.AnyAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.Uncertain)),
            "the interrupted SMTP delivery was marked uncertain");
        var delivery = await app.QueryAsync(db => db.Deliveries.SingleAsync(d => d.Id == deliveryId));
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public async Task Interrupted_pickup_folder_send_is_repeated_because_repeating_is_harmless()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var deliveryId = await AddInterruptedDeliveryAsync(app);

        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Deliveries.AnyAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sent)),
            "the interrupted pickup delivery was completed");
        Assert.Single(app.EmailFiles(), f => Path.GetFileName(f).StartsWith(deliveryId.ToString("N"), StringComparison.Ordinal));
    }

    /// <summary>A delivery as a process leaves it when it stops between claiming and recording the outcome.</summary>
    private static async Task<Guid> AddInterruptedDeliveryAsync(NotificationApp app)
    {
        var delivery = new Delivery
        {
            Channel = ChannelNames.Email,
            Status = DeliveryStatus.Sending,
            Attempts = 1,
            ClaimedAt = DateTimeOffset.UtcNow.AddHours(-1)
        };
        var notification = new UserNotification
        {
            EventId = Guid.NewGuid(),
            Kind = NotificationKinds.Welcome,
            UserId = Guid.NewGuid(),
            Email = "eve@example.test",
            Subject = "Welcome to Vargo",
            TextBody = "Hi",
            HtmlBody = "<p>Hi</p>",
            CreatedAt = DateTimeOffset.UtcNow,
            Deliveries = [delivery]
        };
        await app.QueryAsync(async db =>
        {
            db.Notifications.Add(notification);
            return await db.SaveChangesAsync();
        });
        return delivery.Id;
    }

    private static Dictionary<string, string?> SmtpOn(ClosedPort closed) =>
        new() { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = closed.Port.ToString(), ["Smtp:Security"] = "None" };
}
