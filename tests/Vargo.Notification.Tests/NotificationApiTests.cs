using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.DeadLetters;
using Vargo.Notification.Notifications;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

[Collection(NotificationServersCollection.Name)]
public sealed class NotificationApiTests(PostgresAndRabbitMQFixture fixture)
{
    private LocalServers Servers => fixture.Servers;

    [Fact]
    public async Task Me_lists_only_the_callers_notifications_newest_first_and_paged()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        await app.PublishAsync(new UserRegistered(alice, "alice@example.test", "Alice") { OccurredAt = start });
        await app.PublishAsync(new OrderCancelled(Guid.NewGuid(), alice, "alice@example.test", "changed my mind", []) { OccurredAt = start });
        await app.PublishAsync(new UserRegistered(bob, "bob@example.test", "Bob") { OccurredAt = start });
        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Notifications.CountAsync()).ContinueWith(t => t.Result == 3), "all three were recorded");

        using var client = app.CreateClient(alice);
        var all = await client.GetFromJsonAsync<NotificationPage>("/api/notifications/me", cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(all);
        Assert.Equal(2, all.TotalCount);
        Assert.All(all.Items, n => Assert.Equal(alice, n.UserId));
        Assert.Equal([NotificationKinds.OrderCancelled, NotificationKinds.Welcome], all.Items.Select(n => n.Kind));

        var second = await client.GetFromJsonAsync<NotificationPage>("/api/notifications/me?page=2&pageSize=1", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(NotificationKinds.Welcome, Assert.Single(second!.Items).Kind);
    }

    [Fact]
    public async Task Me_rejects_bad_paging_and_anonymous_callers()
    {
        await using var app = await NotificationApp.StartAsync(Servers);

        using var client = app.CreateClient(Guid.NewGuid());
        var response = await client.GetAsync("/api/notifications/me?pageSize=0", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains("pageSize", problem!.Errors.Keys);

        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_admin_role()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var user = Guid.NewGuid();
        await app.PublishAsync(new UserRegistered(user, "carol@example.test", "Carol") { OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Notifications.AnyAsync(n => n.UserId == user)), "the notification was recorded");

        using var customer = app.CreateClient(Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/notifications/admin/notifications", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/notifications/admin/dead-letters", TestContext.Current.CancellationToken)).StatusCode);

        using var admin = app.CreateClient(Guid.NewGuid(), admin: true);
        var page = await admin.GetFromJsonAsync<NotificationPage>($"/api/notifications/admin/notifications?userId={user}", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(user, Assert.Single(page!.Items).UserId);
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_replayed_through_the_admin_endpoint()
    {
        await using var app = await NotificationApp.StartAsync(Servers);
        var messageId = Guid.NewGuid().ToString();
        await app.PublishRawAsync(messageId, nameof(UserRegistered), "{ broken"u8.ToArray());

        using var admin = app.CreateClient(Guid.NewGuid(), admin: true);
        List<DeadLetter>? letters = null;
        await Eventually.TrueAsync(async () =>
            (letters = await admin.GetFromJsonAsync<List<DeadLetter>>("/api/notifications/admin/dead-letters"))!.Count == 1,
            "the unreadable message was dead-lettered");
        Assert.Equal(messageId, letters![0].MessageId);
        Assert.Contains("Json", letters[0].Error);

        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostAsync($"/api/notifications/admin/dead-letters/replay?messageId={Guid.NewGuid()}", null, TestContext.Current.CancellationToken)).StatusCode);
        var replay = await admin.PostAsync($"/api/notifications/admin/dead-letters/replay?messageId={messageId}", null, TestContext.Current.CancellationToken);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<DeadLetterReplay>(cancellationToken: TestContext.Current.CancellationToken))!.Replayed);
        // Still unreadable: it comes back to the dead letters rather than being lost or retried forever.
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<List<DeadLetter>>("/api/notifications/admin/dead-letters"))!.Count == 1,
            "the replayed message failed again and returned to the dead letters");
    }
}
