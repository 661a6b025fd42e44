using System.Net;
using System.Net.Http.Json;
using Vargo.Notification.Notifications;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

/// <summary>The shared paging record: huge pages read nothing, sizes are clamped, values that are not numbers are 400.</summary>
[Collection(NotificationServersCollection.Name)]
public sealed class PagingTests(PostgresAndRabbitMQFixture fixture)
{
    [Fact]
    public async Task Paging_values_at_the_edges_never_fail()
    {
        await using var app = await NotificationApp.StartAsync(fixture.Servers);
        using var client = app.CreateClient(Guid.NewGuid());

        var huge = await client.GetFromJsonAsync<NotificationPage>($"/api/notifications/me?page={int.MaxValue}&pageSize={int.MaxValue}", cancellationToken: TestContext.Current.CancellationToken);
        var notANumber = await client.GetAsync("/api/notifications/me?page=abc", TestContext.Current.CancellationToken);
        var tooBig = await client.GetAsync("/api/notifications/me?pageSize=99999999999", TestContext.Current.CancellationToken);

        Assert.Empty(huge!.Items);
        Assert.Equal(100, huge.PageSize);
        await Problems.AssertBadRequestAsync(notANumber, "page", "urn:vargo:problems:invalid-parameter");
        // Said in the API's words, not .NET's ("Nullable<int>").
        var said = await notANumber.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(said.Contains("a whole number"), said);
        Assert.DoesNotContain("Nullable", said);
        await Problems.AssertBadRequestAsync(tooBig, "pageSize", "urn:vargo:problems:invalid-parameter");
    }
}
