using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Vargo.Web.Api;
using Vargo.Web.Extensions;

namespace Vargo.Web.Tests;

/// <summary>What a shopper's page gets when the gateway answers that a service is down.</summary>
public sealed class ServiceDownTests : WebComponentTest
{
    [Fact]
    public async Task A_503_from_the_API_reads_as_the_shop_cannot_reach_a_service_not_the_API_wording()
    {
        Gateway.Respond = _ =>
        {
            var response = FakeGateway.Problem(HttpStatusCode.ServiceUnavailable,
                """{"type":"urn:vargo:problems:unavailable","title":"Service unavailable","status":503,"detail":"catalog is not answering; retry after the time in the Retry-After header."}""");
            response.Headers.RetryAfter = new(TimeSpan.FromSeconds(5));
            return response;
        };
        var api = Services.GetRequiredService<VargoApi>();

        var result = await api.GetAsync<object>("/api/catalog/products", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(503, result.Status);
        Assert.Equal(Problem.Unavailable, result.Problem);
    }

    [Fact]
    public void The_storefronts_API_client_does_not_wait_out_Retry_After_before_showing_a_page()
    {
        // The storefront's own registrations (ServiceDefaults, then the web app's), as Program.cs makes them.
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        using var web = builder.Build();
        var options = web.Services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get("VargoApi-standard");

        Assert.False(options.Retry.ShouldRetryAfterHeader);
        Assert.True(options.Retry.MaxRetryAttempts * options.Retry.Delay < TimeSpan.FromSeconds(1),
            "a page's retries together stay under a second");
    }
}
