using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>Options are validated when the service starts, not on the first request that needs them.</summary>
public sealed class IdentityOptionsTests
{
    [Fact]
    public async Task An_identity_url_that_is_not_an_http_url_stops_the_start()
    {
        await using var app = Build(url: "auth-without-scheme", audience: "vargo");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(nameof(IdentityProviderOptions.Url), error.Message);
    }

    [Fact]
    public async Task An_empty_audience_stops_the_start()
    {
        await using var app = Build(url: "http://auth", audience: "");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(nameof(IdentityProviderOptions.Audience), error.Message);
    }

    [Fact]
    public async Task Valid_settings_start()
    {
        await using var app = Build(url: "http://auth", audience: "vargo");

        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static WebApplication Build(string url, string audience)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Identity:Url"] = url;
        builder.Configuration["Identity:Audience"] = audience;
        builder.AddDefaultAuthentication();
        return builder.Build();
    }
}
