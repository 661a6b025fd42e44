using Microsoft.EntityFrameworkCore;
using MimeKit;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Notifications;
using Vargo.Notification.Templates;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

[Collection(NotificationServersCollection.Name)]
public sealed class RefundNoticeTests(PostgresAndRabbitMQFixture fixture)
{
    [Fact]
    public async Task PaymentRefunded_sends_one_refund_notice_even_when_delivered_twice()
    {
        await using var app = await NotificationApp.StartAsync(fixture.Servers);
        var refunded = new PaymentRefunded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "buyer@example.test", 12.50m, 30.00m, "USD", FullyRefunded: false)
        {
            OccurredAt = DateTimeOffset.UtcNow
        };

        await app.PublishAsync(refunded);
        await app.PublishAsync(refunded);

        await Eventually.TrueAsync(() => Task.FromResult(app.EmailFiles().Length == 1), "the refund email was written");
        var email = await MimeMessage.LoadAsync(app.EmailFiles()[0], TestContext.Current.CancellationToken);
        Assert.Equal("buyer@example.test", email.To.Mailboxes.Single().Address);
        Assert.Contains(NotificationTemplates.OrderNumber(refunded.OrderId), email.Subject);
        Assert.Contains("12.50 USD", email.TextBody);
        Assert.Contains("30.00 USD", email.TextBody);

        // Give the second copy every chance to be handled, then check it had no effect.
        var sentinel = new UserRegistered(Guid.NewGuid(), "sentinel@example.test", "Sentinel") { OccurredAt = DateTimeOffset.UtcNow };
        await app.PublishAsync(sentinel);
        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Notifications.AnyAsync(n => n.EventId == sentinel.Id)), "the sentinel was handled");
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.EventId == refunded.Id && n.Kind == NotificationKinds.Refund)));
    }
}
