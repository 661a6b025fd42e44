using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

[Collection(NotificationServersCollection.Name)]
public sealed class NotificationFlowTests(PostgresAndRabbitMQFixture fixture)
{
    private LocalServers Servers => fixture.Servers;

    [Fact]
    public async Task UserRegistered_writes_one_welcome_email_even_when_delivered_twice()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var registered = new UserRegistered(Guid.NewGuid(), "ada@example.test", "Ada Lovelace") { OccurredAt = DateTimeOffset.UtcNow };

        await app.PublishAsync(registered);
        await app.PublishAsync(registered);

        await Eventually.TrueAsync(() => Task.FromResult(app.EmailFiles().Length == 1), "the welcome email was written");
        var email = await MimeMessage.LoadAsync(app.EmailFiles()[0], TestContext.Current.CancellationToken);
        Assert.Equal("Welcome to Vargo", email.Subject);
        Assert.Equal("ada@example.test", email.To.Mailboxes.Single().Address);
        Assert.Contains("Ada Lovelace", email.TextBody);
        Assert.Contains("Ada Lovelace", email.HtmlBody);

        // Give the second copy every chance to be handled, then check it had no effect.
        var sentinel = new UserRegistered(Guid.NewGuid(), "sentinel@example.test", "Sentinel") { OccurredAt = DateTimeOffset.UtcNow };
        await app.PublishAsync(sentinel);
        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Notifications.AnyAsync(n => n.EventId == sentinel.Id)), "the sentinel was handled");
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.EventId == registered.Id)));
        await Eventually.TrueAsync(() => Task.FromResult(app.EmailFiles().Length == 2), "the sentinel's email was written");
    }

    [Fact]
    public async Task OrderPlaced_confirmation_lists_the_items_and_the_total_by_email_and_push()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var placed = new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), "buyer@example.test",
            [
                new OrderLine(Guid.NewGuid(), "KTL-1", "Copper kettle", 2, 39.90m),
                new OrderLine(Guid.NewGuid(), "MUG-7", "Stoneware mug <blue>", 1, 1150.70m)
            ],
            1230.50m, "EUR") { OccurredAt = DateTimeOffset.UtcNow };

        await app.PublishAsync(placed);

        await Eventually.TrueAsync(() => AllSentAsync(app, placed.Id, expected: 2), "email and push were delivered");
        var email = await MimeMessage.LoadAsync(Assert.Single(app.EmailFiles()), TestContext.Current.CancellationToken);
        Assert.Contains(NotificationTemplates.OrderNumber(placed.OrderId), email.Subject);
        Assert.Contains("2 x Copper kettle (KTL-1) at 39.90 EUR = 79.80 EUR", email.TextBody);
        Assert.Contains("Stoneware mug <blue>", email.TextBody);
        Assert.Contains("Total: 1,230.50 EUR", email.TextBody);
        Assert.Contains("Stoneware mug &lt;blue&gt;", email.HtmlBody);
        Assert.DoesNotContain("<blue>", email.HtmlBody);
    }

    [Fact]
    public async Task PaymentFailed_and_OrderCancelled_each_notify_the_customer()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var customer = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var failed = new PaymentFailed(null, orderId, customer, "payer@example.test", 12.00m, "USD", "card_declined", "The card was declined.")
        { OccurredAt = DateTimeOffset.UtcNow };
        var cancelled = new OrderCancelled(orderId, customer, "payer@example.test", "payment failed",
            [new OrderLine(Guid.NewGuid(), "TEA-2", "Green tea", 3, 4.00m)]) { OccurredAt = DateTimeOffset.UtcNow.AddSeconds(1) };

        await app.PublishAsync(failed);
        await app.PublishAsync(cancelled);

        await Eventually.TrueAsync(() => AllSentAsync(app, failed.Id, expected: 2), "the payment alert was delivered");
        await Eventually.TrueAsync(() => AllSentAsync(app, cancelled.Id, expected: 1), "the cancellation notice was delivered");
        var subjects = await Task.WhenAll(app.EmailFiles().Select(async f => (await MimeMessage.LoadAsync(f)).Subject));
        Assert.Contains(subjects, s => s is not null && s.StartsWith("Payment for your Vargo order", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s is not null && s.EndsWith("was cancelled", StringComparison.Ordinal));
        var notice = await app.QueryAsync(db => db.Notifications.SingleAsync(n => n.EventId == cancelled.Id));
        Assert.Contains("3 x Green tea (TEA-2)", notice.TextBody);
        var alert = await app.QueryAsync(db => db.Notifications.SingleAsync(n => n.EventId == failed.Id));
        Assert.Contains("12.00 USD", alert.TextBody);
        Assert.Contains("The card was declined.", alert.TextBody);
    }

    private static Task<bool> AllSentAsync(NotificationApp app, Guid eventId, int expected) =>
        app.QueryAsync(async db =>
            await db.Deliveries.CountAsync(d => d.Notification.EventId == eventId && d.Status == DeliveryStatus.Sent) == expected);
}
