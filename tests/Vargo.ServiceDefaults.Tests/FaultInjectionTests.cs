using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>
/// The crash header is honoured only where fault injection is allowed (Development and the fixture's setting), and only
/// at the point it names; everywhere else the services get the no-op injector.
/// </summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData("Development", "true", typeof(HeaderFaultInjector))]
    [InlineData("Production", "true", typeof(NoFaultInjector))]
    [InlineData("Development", null, typeof(NoFaultInjector))]
    [InlineData("Development", "false", typeof(NoFaultInjector))]
    public async Task The_crash_header_counts_only_when_allowed(string environment, string? fromHeader, Type expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration[FaultInjectionExtensions.FromHeaderSetting] = fromHeader;
        builder.AddFaultInjection();
        await using var app = builder.Build();

        Assert.IsType(expected, app.Services.GetRequiredService<IFaultInjector>());
    }

    [Theory]
    [InlineData("PaymentAuthorized", "PaymentAuthorized", true)]
    [InlineData("authorizecall", "AuthorizeCall", true)]
    [InlineData("Placed", "AuthorizeCall", false)]
    [InlineData("", "AuthorizeCall", false)]
    public void The_header_names_one_point(string header, string point, bool crashes)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[HeaderFaultInjector.Header] = header;

        Assert.Equal(crashes, HeaderFaultInjector.Asks(http.Request, point));
    }

    [Fact]
    public async Task Without_the_header_nothing_crashes_even_when_allowed()
    {
        Assert.False(HeaderFaultInjector.Asks(new DefaultHttpContext().Request, "PaymentAuthorized"));
        // The injector itself returns at once: this test process is still alive after it.
        var injector = new HeaderFaultInjector(new HttpContextAccessor { HttpContext = new DefaultHttpContext() });
        await injector.AtAsync("PaymentAuthorized", TestContext.Current.CancellationToken);
    }
}
