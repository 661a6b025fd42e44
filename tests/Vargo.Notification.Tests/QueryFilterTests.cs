using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Vargo.Testing;

namespace Vargo.Notification.Tests;

[Collection(NotificationServersCollection.Name)]
public sealed class QueryFilterTests(PostgresAndRabbitMQFixture fixture)
{
    [Theory]
    [InlineData("Bogus")]
    [InlineData("Welcome")]
    [InlineData("0")]
    public async Task An_unknown_kind_is_400_naming_kind_not_an_empty_list(string kind)
    {
        await using var app = await NotificationApp.StartAsync(fixture.Servers);
        using var admin = app.CreateClient(Guid.NewGuid(), admin: true);

        var response = await admin.GetAsync($"/api/notifications/admin/notifications?kind={kind}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["kind"], problem!.Errors.Keys);
    }

    [Fact]
    public async Task A_known_kind_filters()
    {
        await using var app = await NotificationApp.StartAsync(fixture.Servers);
        using var admin = app.CreateClient(Guid.NewGuid(), admin: true);

        var response = await admin.GetAsync("/api/notifications/admin/notifications?kind=refund", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
