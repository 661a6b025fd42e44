using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Payment.Apis;
using Vargo.Payment.Payments;
using Vargo.Testing;

namespace Vargo.Payment.Tests;

/// <summary>A refund never moves money in another currency, and every refund reaches the bus with the refund itself.</summary>
public sealed class PaymentRefundTests(PostgresFixture fixture)
{
    private static string Key() => $"test-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_refund_in_another_currency_than_the_payments_is_400_naming_currency_and_refunds_nothing()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var paymentId = await CapturedPaymentAsync(store, 20m);

        var eur = await store.WithProcessorAsync(p => PaymentApi.Refund(paymentId, new RefundBody(1m, null, "USD"), "r-usd", p, default));
        var usd = await store.WithProcessorAsync(p => PaymentApi.Refund(paymentId, new RefundBody(1m, null, "EUR"), Key(), p, default));

        var invalid = Assert.IsType<ValidationProblem>(eur.Result);
        Assert.Equal(["currency"], invalid.ProblemDetails.Errors.Keys);
        Assert.IsType<Ok<PaymentResult>>(usd.Result);
        var payment = await store.WithProcessorAsync(p => p.GetAsync(paymentId, default));
        Assert.Equal(1m, payment.Refunded);
    }

    [Fact]
    public async Task A_grpc_capture_or_refund_in_another_currency_is_refused_naming_the_currency_code()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var authorized = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), 20m), default));
        var paymentId = authorized.Payment!.Id;

        var capture = await Assert.ThrowsAsync<PaymentRequestException>(() =>
            store.WithProcessorAsync(p => p.CaptureAsync(Key(), paymentId, 20m, default, "USD", "amount.currency_code")));
        await store.WithProcessorAsync(p => p.CaptureAsync(Key(), paymentId, 20m, default, "EUR", "amount.currency_code"));
        var refund = await Assert.ThrowsAsync<PaymentRequestException>(() =>
            store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, 5m, default, "JPY", "amount.currency_code")));

        Assert.Equal((PaymentRequestError.Invalid, "amount.currency_code"), (capture.Error, capture.Field));
        Assert.Equal((PaymentRequestError.Invalid, "amount.currency_code"), (refund.Error, refund.Field));
        var payment = await store.WithProcessorAsync(p => p.GetAsync(paymentId, default));
        Assert.Equal((20m, 0m), (payment.Captured, payment.Refunded));
    }

    [Fact]
    public async Task Each_refund_stores_a_PaymentRefunded_event_with_the_refund_and_a_replay_stores_none()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var paymentId = await CapturedPaymentAsync(store, 100m);
        var firstKey = Key();

        await store.WithProcessorAsync(p => p.RefundAsync(firstKey, paymentId, 30m, default));
        await store.WithProcessorAsync(p => p.RefundAsync(firstKey, paymentId, 30m, default));
        await store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, null, default));

        await using var db = store.NewDbContext();
        var refunds = (await db.Set<OutboxMessage>().Where(m => m.EventType == nameof(PaymentRefunded)).OrderBy(m => m.Sequence)
                .ToListAsync(TestContext.Current.CancellationToken))
            .Select(m => JsonSerializer.Deserialize<PaymentRefunded>(m.Payload, JsonSerializerOptions.Web)!).ToList();
        Assert.Equal(2, refunds.Count);
        Assert.Equal((30m, 30m, "EUR", false), (refunds[0].Amount, refunds[0].TotalRefunded, refunds[0].Currency, refunds[0].FullyRefunded));
        Assert.Equal((70m, 100m, "EUR", true), (refunds[1].Amount, refunds[1].TotalRefunded, refunds[1].Currency, refunds[1].FullyRefunded));
        Assert.All(refunds, r => Assert.Equal(paymentId, r.PaymentId));
    }

    private static async Task<Guid> CapturedPaymentAsync(PaymentStore store, decimal amount)
    {
        var authorized = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), amount), default));
        var captured = await store.WithProcessorAsync(p => p.CaptureAsync(Key(), authorized.Payment!.Id, null, default));
        Assert.True(captured.Succeeded);
        return captured.Payment!.Id;
    }
}
