using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Vargo.Payment.Apis;
using Vargo.Payment.Payments;
using Vargo.Testing;

namespace Vargo.Payment.Tests;

/// <summary>Issue 13 items 7 and 8: amounts respect ISO 4217 minor units; refusals no retry can change are final.</summary>
public sealed class PaymentAmountTests(PostgresFixture fixture)
{
    private static string Key() => $"test-{Guid.NewGuid():N}";

    [Theory]
    [InlineData("100.5", "JPY")]
    [InlineData("1.2345", "KWD")]
    [InlineData("10.001", "EUR")]
    public async Task An_authorization_with_more_decimals_than_its_currency_is_refused_naming_the_amount(string amount, string currency)
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var command = PaymentStore.Authorize(Key(), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)) with { Currency = currency };

        var error = await Assert.ThrowsAsync<PaymentRequestException>(() => store.WithProcessorAsync(p => p.AuthorizeAsync(command, default)));

        Assert.Equal((PaymentRequestError.Invalid, "amount"), (error.Error, error.Field));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("usd")]
    public async Task An_unknown_currency_is_refused_naming_it(string currency)
    {
        var store = await PaymentStore.CreateAsync(fixture);

        var error = await Assert.ThrowsAsync<PaymentRequestException>(() =>
            store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), 10m) with { Currency = currency }, default)));

        Assert.Equal((PaymentRequestError.Invalid, "amount.currency_code"), (error.Error, error.Field));
    }

    [Theory]
    [InlineData("1.234", "KWD")]
    [InlineData("1500", "JPY")]
    public async Task An_amount_within_its_currencys_minor_units_is_authorized_exactly(string amount, string currency)
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var result = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), value) with { Currency = currency }, default));

        Assert.True(result.Succeeded);
        Assert.Equal(value, result.Payment!.Authorized);
    }

    [Theory]
    [InlineData("0", "EUR", "amount_too_small")]
    [InlineData("1000000.00", "EUR", "amount_too_large")]
    [InlineData("100000000", "JPY", "amount_too_large")]
    public async Task Nothing_to_charge_or_over_the_processors_limit_is_a_final_decline(string amount, string currency, string code)
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var command = PaymentStore.Authorize(Key(), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)) with { Currency = currency };

        var result = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));

        Assert.False(result.Succeeded);
        Assert.Equal((code, false), (result.FailureCode, result.Retryable));
        Assert.Equal(PaymentStatus.Failed, result.Payment!.Status);
    }

    [Fact]
    public async Task A_refund_with_more_decimals_than_the_currency_is_400_naming_amount_and_an_over_refund_is_a_typed_409()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var authorized = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), 20m), default));
        await store.WithProcessorAsync(p => p.CaptureAsync(Key(), authorized.Payment!.Id, null, default));
        var paymentId = authorized.Payment!.Id;

        var tooPrecise = await store.WithProcessorAsync(p => PaymentApi.Refund(paymentId, new RefundBody(0.005m, null), Key(), p, default));
        var tooMuch = await store.WithProcessorAsync(p => PaymentApi.Refund(paymentId, new RefundBody(25m, null), Key(), p, default));

        var invalid = Assert.IsType<ValidationProblem>(tooPrecise.Result);
        Assert.Equal(["amount"], invalid.ProblemDetails.Errors.Keys);
        var refused = Assert.IsType<ProblemHttpResult>(tooMuch.Result);
        Assert.Equal((StatusCodes.Status409Conflict, PaymentProblems.RefundRefused), (refused.StatusCode, refused.ProblemDetails.Type));
        var payment = await store.WithProcessorAsync(p => p.GetAsync(paymentId, default));
        Assert.Equal(0m, payment.Refunded);
    }
}
