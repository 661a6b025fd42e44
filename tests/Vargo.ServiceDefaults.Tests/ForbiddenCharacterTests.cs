using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>A control character in a header the API keeps (an idempotency key) is a 400 naming the header, like one in a query value.</summary>
public sealed class ForbiddenCharacterTests
{
    [Theory]
    [InlineData("key\u0001one")]
    [InlineData("\u007fkey")]
    [InlineData("key\u001b[31m")]
    public async Task A_control_character_in_an_idempotency_key_is_400_naming_the_header(string key)
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/checkout");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
    }

    [Fact]
    public async Task A_printable_idempotency_key_reaches_the_handler()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders/checkout");
        request.Headers.Add("Idempotency-Key", "order-2026-11-30 #1 ünïcode");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddVargoProblemDetails();
        var app = builder.Build();
        app.UseMiddleware<ForbiddenCharacterMiddleware>();
        app.MapPost("/api/orders/checkout", ([FromHeader(Name = "Idempotency-Key")] string? key) => key ?? "");
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
