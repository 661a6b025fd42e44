using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Vargo.Payment.Ledger;
using Vargo.Payment.Payments;
using Vargo.Testing;

namespace Vargo.Payment.Tests;

public sealed class PaymentProcessorTests(PostgresFixture fixture)
{
    private static string Key() => $"test-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_4242_card_is_authorized_with_a_balanced_hold()
    {
        var store = await PaymentStore.CreateAsync(fixture);

        var result = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), 49.99m), default));

        Assert.True(result.Succeeded);
        Assert.Equal(PaymentStatus.Authorized, result.Payment!.Status);
        Assert.Equal(49.99m, result.Payment.Authorized);
        Assert.Equal(("visa", "4242"), (result.Payment.CardBrand, result.Payment.CardLast4));
        await AssertLedgerBalancedAsync(store, result.Payment.Id);
    }

    [Theory]
    [InlineData("4000 0000 0000 0002", "card_declined", false)]
    [InlineData("4000 0000 0000 9995", "insufficient_funds", false)]
    [InlineData("4000 0000 0000 0119", "processing_error", true)]
    [InlineData("4242 4242 4242 4241", "incorrect_number", false)]
    public async Task Test_cards_fail_like_Stripe(string card, string code, bool retryable)
    {
        var store = await PaymentStore.CreateAsync(fixture);

        var result = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), card: card), default));

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.FailureCode);
        Assert.Equal(retryable, result.Retryable);
        Assert.Equal(PaymentStatus.Failed, result.Payment!.Status);
        await using var db = store.NewDbContext();
        Assert.Empty(await db.LedgerEntries.Where(e => e.PaymentId == result.Payment.Id).ToListAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(13, 2034, "123", "invalid_expiry")]
    [InlineData(1, 2020, "123", "expired_card")]
    [InlineData(12, 2034, "12", "invalid_cvc")]
    [InlineData(12, 2034, "12a", "invalid_cvc")]
    public async Task Expiry_and_CVC_are_validated(int month, int year, string cvc, string code)
    {
        var store = await PaymentStore.CreateAsync(fixture);

        var result = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), cvc: cvc, expMonth: month, expYear: year), default));

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.FailureCode);
    }

    [Fact]
    public async Task A_replay_returns_the_stored_outcome_without_a_second_payment()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var command = PaymentStore.Authorize(Key());

        var first = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));
        var captured = await store.WithProcessorAsync(p => p.CaptureAsync(command.IdempotencyKey + "-capture", first.Payment!.Id, null, default));
        var replay = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));

        Assert.True(captured.Succeeded);
        // The replay answers as the first call did (Authorized), although the payment has moved on since.
        Assert.Equal(first, replay);
        await using var db = store.NewDbContext();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.OrderId == command.OrderId, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_replay_of_a_decline_is_the_same_decline()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var command = PaymentStore.Authorize(Key(), card: "4000000000000002");

        var first = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));
        var replay = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));

        Assert.Equal("card_declined", replay.FailureCode);
        Assert.Equal(first.Payment!.Id, replay.Payment!.Id);
    }

    [Fact]
    public async Task The_same_key_with_different_parameters_is_rejected()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var command = PaymentStore.Authorize(Key(), 10m);
        await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));

        var error = await Assert.ThrowsAsync<PaymentRequestException>(() =>
            store.WithProcessorAsync(p => p.AuthorizeAsync(command with { Amount = 11m }, default)));

        Assert.Equal(PaymentRequestError.IdempotencyKeyReused, error.Error);
    }

    [Fact]
    public async Task Five_concurrent_calls_with_one_key_make_one_payment()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var command = PaymentStore.Authorize(Key());

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => store.WithProcessorAsync(p => p.AuthorizeAsync(command, default))));

        Assert.Single(results.Select(r => r.Payment!.Id).Distinct());
        await using var db = store.NewDbContext();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.OrderId == command.OrderId, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Partial_then_full_refund_empties_what_was_captured()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var paymentId = await CapturedPaymentAsync(store, 100m);

        var partial = await store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, 30m, default));
        var rest = await store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, null, default));

        Assert.Equal((PaymentStatus.PartiallyRefunded, 30m), (partial.Payment!.Status, partial.Payment.Refunded));
        Assert.Equal((PaymentStatus.Refunded, 100m), (rest.Payment!.Status, rest.Payment.Refunded));
        await AssertLedgerBalancedAsync(store, paymentId);
        Assert.Equal(0m, await AccountBalanceAsync(store, paymentId, LedgerAccounts.CustomerPayments));
        Assert.Equal(0m, await AccountBalanceAsync(store, paymentId, LedgerAccounts.CardHolds));
    }

    [Fact]
    public async Task An_over_refund_is_rejected_and_changes_nothing()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var paymentId = await CapturedPaymentAsync(store, 100m);
        await store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, 70m, default));

        var over = await store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, 30.01m, default));

        Assert.False(over.Succeeded);
        Assert.Equal("amount_too_large", over.FailureCode);
        var payment = await store.WithProcessorAsync(p => p.GetAsync(paymentId, default));
        Assert.Equal(70m, payment.Refunded);
        Assert.Equal(30m, await AccountBalanceAsync(store, paymentId, LedgerAccounts.CustomerPayments));
    }

    [Fact]
    public async Task Two_concurrent_refunds_never_exceed_the_capture()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var paymentId = await CapturedPaymentAsync(store, 100m);

        var results = await Task.WhenAll(
            store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, 60m, default)),
            store.WithProcessorAsync(p => p.RefundAsync(Key(), paymentId, 60m, default)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => r.FailureCode == "amount_too_large");
        var payment = await store.WithProcessorAsync(p => p.GetAsync(paymentId, default));
        Assert.Equal(60m, payment.Refunded);
        await AssertLedgerBalancedAsync(store, paymentId);
    }

    [Fact]
    public async Task A_void_releases_the_hold_and_cannot_be_captured_afterwards()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var authorized = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), 25m), default));

        var voided = await store.WithProcessorAsync(p => p.VoidAsync(Key(), authorized.Payment!.Id, default));
        var capture = await store.WithProcessorAsync(p => p.CaptureAsync(Key(), authorized.Payment!.Id, null, default));

        Assert.Equal(PaymentStatus.Voided, voided.Payment!.Status);
        Assert.Equal("payment_not_capturable", capture.FailureCode);
        Assert.Equal(0m, await AccountBalanceAsync(store, authorized.Payment!.Id, LedgerAccounts.CardHolds));
        await AssertLedgerBalancedAsync(store, authorized.Payment.Id);
    }

    [Fact]
    public async Task A_captured_payment_cannot_be_voided()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var paymentId = await CapturedPaymentAsync(store, 10m);

        var voided = await store.WithProcessorAsync(p => p.VoidAsync(Key(), paymentId, default));

        Assert.Equal("payment_not_voidable", voided.FailureCode);
    }

    [Fact]
    public async Task Neither_the_card_number_nor_the_CVC_is_stored()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), card: "4242424242424242", cvc: "987"), default));
        await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), card: "4000000000000002", cvc: "987"), default));

        await using var db = store.NewDbContext();
        var rows = await db.Database.SqlQuery<string>($"""
            SELECT row_to_json(p)::text AS "Value" FROM payments p
            UNION ALL SELECT row_to_json(i)::text FROM idempotency_records i
            UNION ALL SELECT row_to_json(l)::text FROM ledger_entries l
            """).ToListAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(rows);
        // The CVC is looked for as a JSON string value: three bare digits also occur by chance inside ids and hashes.
        Assert.DoesNotContain(rows, r => r.Contains("4242424242424242") || r.Contains("4000000000000002") || r.Contains("\"987\""));
    }

    [Fact]
    public async Task A_decline_and_a_capture_are_published_through_the_outbox()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var declined = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), card: "4000000000009995"), default));
        var capturedId = await CapturedPaymentAsync(store, 12.5m);

        await using var db = store.NewDbContext();
        var outbox = await db.Set<OutboxMessage>().ToListAsync(cancellationToken: TestContext.Current.CancellationToken);

        var failed = Assert.Single(outbox, m => m.EventType == nameof(PaymentFailed));
        Assert.Contains("insufficient_funds", failed.Payload);
        Assert.Contains(declined.Payment!.OrderId.ToString(), failed.Payload);
        var succeeded = Assert.Single(outbox, m => m.EventType == nameof(PaymentSucceeded));
        Assert.Contains(capturedId.ToString(), succeeded.Payload);
    }

    [Fact]
    public async Task A_sale_authorizes_and_captures_in_one_call_once_and_refunds_like_any_capture()
    {
        var store = await PaymentStore.CreateAsync(fixture);
        var key = Key();
        var command = PaymentStore.Authorize(key, 80m) with { Capture = true };

        var sale = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));
        var replay = await store.WithProcessorAsync(p => p.AuthorizeAsync(command, default));

        Assert.True(sale.Succeeded);
        Assert.Equal((PaymentStatus.Captured, 80m, 80m), (sale.Payment!.Status, sale.Payment.Authorized, sale.Payment.Captured));
        Assert.Equal(sale.Payment.Id, replay.Payment!.Id);
        await using (var db = store.NewDbContext())
        {
            Assert.Equal(1, await db.Payments.CountAsync(p => p.OrderId == command.OrderId, TestContext.Current.CancellationToken));
            var succeeded = Assert.Single(await db.Set<OutboxMessage>().Where(m => m.EventType == nameof(PaymentSucceeded)).ToListAsync(TestContext.Current.CancellationToken));
            Assert.Contains(sale.Payment.Id.ToString(), succeeded.Payload);
        }
        await AssertLedgerBalancedAsync(store, sale.Payment.Id);
        Assert.Equal(80m, await AccountBalanceAsync(store, sale.Payment.Id, LedgerAccounts.CustomerPayments));
        Assert.Equal(0m, await AccountBalanceAsync(store, sale.Payment.Id, LedgerAccounts.CardHolds));

        // The sale's key is its own operation: replayed as a plain authorization it is a reused key.
        var asAuthorization = await Assert.ThrowsAsync<PaymentRequestException>(() => store.WithProcessorAsync(p => p.AuthorizeAsync(command with { Capture = false }, default)));
        Assert.Equal(PaymentRequestError.IdempotencyKeyReused, asAuthorization.Error);
        // Nothing to void (captured), everything to refund, once.
        var voided = await store.WithProcessorAsync(p => p.VoidAsync(Key(), sale.Payment.Id, default));
        Assert.Equal(PaymentFailureCodes.NotVoidable, voided.FailureCode);
        var refund = await store.WithProcessorAsync(p => p.RefundAsync(Key(), sale.Payment.Id, null, default));
        Assert.Equal((PaymentStatus.Refunded, 80m), (refund.Payment!.Status, refund.Payment.Refunded));
        await AssertLedgerBalancedAsync(store, sale.Payment.Id);
        Assert.Equal(0m, await AccountBalanceAsync(store, sale.Payment.Id, LedgerAccounts.CustomerPayments));
    }

    [Fact]
    public async Task A_declined_sale_takes_nothing()
    {
        var store = await PaymentStore.CreateAsync(fixture);

        var sale = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), 20m, card: "4000000000000002") with { Capture = true }, default));

        Assert.Equal(("card_declined", PaymentStatus.Failed, 0m), (sale.FailureCode, sale.Payment!.Status, sale.Payment.Captured));
        Assert.Equal(0m, await AccountBalanceAsync(store, sale.Payment.Id, LedgerAccounts.CustomerPayments));
    }

    [Fact]
    public async Task An_unknown_payment_is_not_found()
    {
        var store = await PaymentStore.CreateAsync(fixture);

        var error = await Assert.ThrowsAsync<PaymentRequestException>(() =>
            store.WithProcessorAsync(p => p.RefundAsync(Key(), Guid.NewGuid(), 1m, default)));

        Assert.Equal(PaymentRequestError.NotFound, error.Error);
    }

    private static async Task<Guid> CapturedPaymentAsync(PaymentStore store, decimal amount)
    {
        var authorized = await store.WithProcessorAsync(p => p.AuthorizeAsync(PaymentStore.Authorize(Key(), amount), default));
        var captured = await store.WithProcessorAsync(p => p.CaptureAsync(Key(), authorized.Payment!.Id, null, default));
        Assert.True(captured.Succeeded);
        return captured.Payment!.Id;
    }

    private static async Task AssertLedgerBalancedAsync(PaymentStore store, Guid paymentId)
    {
        await using var db = store.NewDbContext();
        var entries = await db.LedgerEntries.Where(e => e.PaymentId == paymentId).ToListAsync();
        Assert.NotEmpty(entries);
        Assert.All(entries.GroupBy(e => e.TransactionId), transaction =>
            Assert.Equal(transaction.Sum(e => e.Debit), transaction.Sum(e => e.Credit)));
    }

    /// <summary>Credit-normal balance (credits minus debits) of one account for one payment.</summary>
    private static async Task<decimal> AccountBalanceAsync(PaymentStore store, Guid paymentId, string account)
    {
        await using var db = store.NewDbContext();
        var entries = await db.LedgerEntries.Where(e => e.PaymentId == paymentId && e.Account == account).ToListAsync();
        return entries.Sum(e => e.Credit - e.Debit);
    }
}
