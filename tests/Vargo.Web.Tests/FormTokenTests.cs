using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Vargo.Web.Apis;
using Vargo.Web.Components;
using Vargo.Web.Extensions;

namespace Vargo.Web.Tests;

/// <summary>A form post whose anti-forgery token is missing or stale gets a page, not a 400 problem JSON.</summary>
public sealed class FormTokenTests : IAsyncLifetime
{
    private WebApplication _web = null!;

    public async ValueTask InitializeAsync()
    {
        // The storefront's own pipeline, as Program.cs builds it, on a test server (no gateway is called here).
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        _web = builder.Build();
        _web.MapDefaultEndpoints();
        _web.UseStatusCodePagesWithReExecute("/status/{0}");
        _web.UseAntiforgery();
        _web.MapShopActions();
        _web.MapRazorComponents<App>();
        await _web.StartAsync(Xunit.TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    private async Task<HttpResponseMessage> PostFormAsync(string path)
    {
        using var client = _web.GetTestClient();
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", "stale"), new("sku", "SKU-1")]);
        return await client.PostAsync(path, form, Xunit.TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Signing_out_after_the_session_ended_goes_home()
    {
        using var response = await PostFormAsync("/logout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_shop_action_after_the_session_ended_asks_to_sign_in()
    {
        using var response = await PostFormAsync("/cart/add");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/login", response.Headers.Location?.ToString());
    }
}

/// <summary>The page a refused form post (400) re-executes to says what to do.</summary>
public sealed class StatusPageTests : BunitContext
{
    [Fact]
    public void A_400_asks_to_reload_and_try_again()
    {
        var cut = Render<Vargo.Web.Components.Pages.NotFound>(p => p.Add(c => c.Code, 400));

        Assert.Equal("Please try again", cut.Find("h1").TextContent);
        Assert.Contains("reload the page and try again", cut.Markup);
    }
}
