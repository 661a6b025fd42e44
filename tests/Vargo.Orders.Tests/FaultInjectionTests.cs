using Microsoft.AspNetCore.Http;
using Vargo.Orders.Checkout;

namespace Vargo.Orders.Tests;

/// <summary>The crash header is honoured only where fault injection is allowed, and only for known crash points.</summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData(false, "PaymentAuthorized", null)]
    [InlineData(true, "PaymentAuthorized", "PaymentAuthorized")]
    [InlineData(true, "authorizecall", "AuthorizeCall")]
    [InlineData(true, "Placed", null)]
    [InlineData(true, "", null)]
    public void TheCrashHeaderCountsOnlyWhenAllowed(bool allowed, string header, string? expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[FaultInjection.Header] = header;

        Assert.Equal(expected, FaultInjection.Requested(http.Request, new CheckoutOptions { AllowFaultInjection = allowed }));
    }

    [Fact]
    public void WithoutTheHeaderNothingCrashesEvenWhenAllowed() =>
        Assert.Null(FaultInjection.Requested(new DefaultHttpContext().Request, new CheckoutOptions { AllowFaultInjection = true }));
}
