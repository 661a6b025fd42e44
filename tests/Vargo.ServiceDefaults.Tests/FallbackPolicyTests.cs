using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>
/// The fallback policy (a signed-in user) guards the service's own endpoints; a wrong path, method or body type from an
/// anonymous caller gets routing's 404, 405 or 415, not 401.
/// </summary>
public sealed class FallbackPolicyTests
{
    [Fact]
    public async Task An_anonymous_caller_still_needs_a_token_for_a_real_endpoint()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/orders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_path_nothing_maps_is_404_for_an_anonymous_caller()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        using var unknown = await client.GetAsync("/nope", TestContext.Current.CancellationToken);
        using var badId = await client.GetAsync("/orders/not-a-guid", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badId.StatusCode);
    }

    [Fact]
    public async Task A_method_the_path_does_not_take_is_405_for_an_anonymous_caller()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.DeleteAsync("/orders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_to_a_public_json_endpoint_is_415_not_401()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        using var form = await client.PostAsync("/register", new StringContent("email=a@b.c", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);
        using var json = await client.PostAsJsonAsync("/register", new Registration("a@b.c"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
    }

    private sealed record Registration(string Email);

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Identity:Url"] = "https://auth.test";
        builder.AddVargoProblemDetails();
        builder.AddDefaultAuthentication();
        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/orders", () => "mine");
        app.MapGet("/orders/{id:guid}", (Guid id) => id.ToString());
        app.MapPost("/register", (Registration registration) => registration.Email).AllowAnonymous();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
