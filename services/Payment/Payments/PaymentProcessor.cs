using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vargo.Payment.Data;
using Vargo.Payment.Gateways;
using Vargo.Iso;
using Vargo.Payment.Idempotency;
using Vargo.Payment.Ledger;

namespace Vargo.Payment.Payments;

/// <param name="Capture">A sale: the authorized amount is captured in the same call and transaction.</param>
public sealed record AuthorizeCommand(
    string IdempotencyKey, Guid OrderId, Guid CustomerId, string CustomerEmail, decimal Amount, string Currency, CardDetails Card,
    bool Capture = false);

/// <summary>
/// Every payment movement, with Stripe's idempotency semantics. Each call runs in one transaction that first
/// takes an advisory lock on its idempotency key (so two calls with one key run one after the other, and
/// the second finds the first's stored outcome) and then a row lock on the payment (so two refunds of one
/// payment serialize and the second sees what the first refunded). The gateway call happens inside that
/// transaction: the money state, the ledger lines, the stored outcome and the events commit together.
/// </summary>
public sealed class PaymentProcessor(PaymentsDbContext db, IPaymentGateway gateway, PaymentEvents events, PaymentMetrics metrics, TimeProvider time)
{
    private const int MaxKeyLength = 255;
    private const decimal MaxAmount = 1_000_000_000_000m;

    public Task<PaymentResult> AuthorizeAsync(AuthorizeCommand command, CancellationToken cancellationToken)
    {
        RequireCurrency(command.Currency);
        RequireAmount(command.Amount, command.Currency, "amount");
        if (command.OrderId == Guid.Empty)
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, "order_id", "An order id (GUID) is required.");
        }
        if (command.CustomerId == Guid.Empty)
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, "customer_id", "A customer id (GUID) is required.");
        }

        var card = command.Card;
        // A sale is its own operation: its key cannot be replayed as a plain authorization, nor the other way round.
        var operation = command.Capture ? "sale" : "authorize";
        var fingerprint = Fingerprint(operation, command.OrderId, command.CustomerId, Amount(command.Amount), command.Currency,
            card.Last4, card.ExpMonth, card.ExpYear);

        return RunAsync(command.IdempotencyKey, operation, fingerprint, paymentId: null, async (_, now) =>
        {
            var payment = new Payment
            {
                Id = Guid.CreateVersion7(now),
                OrderId = command.OrderId,
                CustomerId = command.CustomerId,
                CustomerEmail = command.CustomerEmail,
                Currency = command.Currency,
                CardBrand = card.Brand,
                CardLast4 = card.Last4,
                CardExpMonth = card.ExpMonth,
                CardExpYear = card.ExpYear,
                Gateway = gateway.Name,
                Status = PaymentStatus.Failed,
                CreatedAt = now,
                UpdatedAt = now
            };
            db.Payments.Add(payment);

            // Refusals no retry can change (nothing to charge, over the processor's limit, a malformed card) are
            // declines like the gateway's: stored under the key, final (not retryable), published as PaymentFailed.
            var outcome = AmountRefusal(command.Amount, command.Currency) is { } refusal
                ? refusal
                : card.Validate(now) is { } invalid
                ? GatewayResult.Failure(invalid.Code, invalid.Message)
                : await gateway.AuthorizeAsync(
                    new GatewayAuthorization(payment.Id, payment.OrderId, command.Amount, command.Currency, card, command.IdempotencyKey),
                    cancellationToken);

            if (!outcome.Succeeded)
            {
                payment.FailureCode = outcome.FailureCode;
                payment.FailureMessage = outcome.FailureMessage;
                events.Failed(payment, command.Amount, outcome, now);
                return PaymentResult.Failure(payment, outcome.FailureCode!, outcome.FailureMessage!, outcome.Retryable);
            }

            payment.Status = PaymentStatus.Authorized;
            payment.AuthorizedAmount = command.Amount;
            payment.GatewayReference = outcome.Reference;
            db.PostAuthorization(payment, now);
            if (!command.Capture)
            {
                return PaymentResult.Success(payment);
            }

            // The sale's capture, in the same transaction: the hold, the capture, their ledger lines, PaymentSucceeded and
            // the stored outcome commit together. A capture the gateway refuses leaves the payment Authorized (the hold is
            // real at the gateway): the caller voids it, as after any failed checkout.
            var capture = await gateway.CaptureAsync(payment.GatewayReference!, command.Amount, command.Currency, $"{command.IdempotencyKey}:capture", cancellationToken);
            if (!capture.Succeeded)
            {
                events.Failed(payment, command.Amount, capture, now);
                return PaymentResult.Failure(payment, capture.FailureCode!, capture.FailureMessage!, capture.Retryable);
            }
            payment.CapturedAmount = command.Amount;
            payment.Status = PaymentStatus.Captured;
            db.PostCapture(payment, command.Amount, now);
            events.Succeeded(payment, now);
            return PaymentResult.Success(payment);
        }, cancellationToken);
    }

    /// <param name="currency">The amount's currency if the caller gave one: it must be the payment's (money is never
    /// moved across currencies); a mismatch is a malformed request naming <paramref name="currencyField"/>.</param>
    public Task<PaymentResult> CaptureAsync(string idempotencyKey, Guid paymentId, decimal? amount, CancellationToken cancellationToken,
        string? currency = null, string currencyField = "currency")
    {
        if (amount is { } requested)
        {
            RequirePositive(requested, "amount");
        }
        var fingerprint = Fingerprint("capture", paymentId, amount is { } a ? Amount(a) : "all");

        return RunAsync(idempotencyKey, "capture", fingerprint, paymentId, async (payment, now) =>
        {
            if (payment!.Status != PaymentStatus.Authorized)
            {
                return PaymentResult.Failure(payment, PaymentFailureCodes.NotCapturable, $"A payment that is {payment.Status} cannot be captured.");
            }
            RequireSameCurrency(currency, payment.Currency, currencyField);
            RequireMinorUnits(amount, payment.Currency, "amount");
            var toCapture = amount ?? payment.AuthorizedAmount;
            if (toCapture > payment.AuthorizedAmount)
            {
                return PaymentResult.Failure(payment, PaymentFailureCodes.AmountTooLarge, "The capture exceeds the authorized amount.");
            }

            var outcome = await gateway.CaptureAsync(payment.GatewayReference!, toCapture, payment.Currency, idempotencyKey, cancellationToken);
            if (!outcome.Succeeded)
            {
                events.Failed(payment, toCapture, outcome, now);
                return PaymentResult.Failure(payment, outcome.FailureCode!, outcome.FailureMessage!, outcome.Retryable);
            }

            payment.CapturedAmount = toCapture;
            payment.Status = PaymentStatus.Captured;
            payment.UpdatedAt = now;
            db.PostCapture(payment, toCapture, now);
            events.Succeeded(payment, now);
            return PaymentResult.Success(payment);
        }, cancellationToken);
    }

    public Task<PaymentResult> VoidAsync(string idempotencyKey, Guid paymentId, CancellationToken cancellationToken) =>
        RunAsync(idempotencyKey, "void", Fingerprint("void", paymentId), paymentId, async (payment, now) =>
        {
            switch (payment!.Status)
            {
                case PaymentStatus.Voided or PaymentStatus.Failed:
                    // Nothing is held: compensation that runs twice (or after a decline) has nothing to undo.
                    return PaymentResult.Success(payment);
                case not PaymentStatus.Authorized:
                    return PaymentResult.Failure(payment, PaymentFailureCodes.NotVoidable, $"A payment that is {payment.Status} cannot be voided; refund it.");
            }

            var outcome = await gateway.VoidAsync(payment.GatewayReference!, idempotencyKey, cancellationToken);
            if (!outcome.Succeeded)
            {
                return PaymentResult.Failure(payment, outcome.FailureCode!, outcome.FailureMessage!, outcome.Retryable);
            }

            payment.Status = PaymentStatus.Voided;
            payment.UpdatedAt = now;
            db.PostVoid(payment, now);
            return PaymentResult.Success(payment);
        }, cancellationToken);

    /// <param name="currency">The amount's currency if the caller gave one: it must be the payment's (money is never
    /// moved across currencies); a mismatch is a malformed request naming <paramref name="currencyField"/>, checked
    /// before anything else about the payment so the answer does not depend on its state.</param>
    public Task<PaymentResult> RefundAsync(string idempotencyKey, Guid paymentId, decimal? amount, CancellationToken cancellationToken,
        string? currency = null, string currencyField = "currency")
    {
        if (amount is { } requested)
        {
            RequirePositive(requested, "amount");
        }
        var fingerprint = Fingerprint("refund", paymentId, amount is { } a ? Amount(a) : "all");

        return RunAsync(idempotencyKey, "refund", fingerprint, paymentId, async (payment, now) =>
        {
            RequireSameCurrency(currency, payment!.Currency, currencyField);
            if (payment.Status is not (PaymentStatus.Captured or PaymentStatus.PartiallyRefunded) || payment.RefundableAmount <= 0)
            {
                return PaymentResult.Failure(payment, PaymentFailureCodes.NotRefundable, $"A payment that is {payment.Status} has nothing to refund.");
            }
            RequireMinorUnits(amount, payment.Currency, "amount");
            var toRefund = amount ?? payment.RefundableAmount;
            if (toRefund > payment.RefundableAmount)
            {
                return PaymentResult.Failure(payment, PaymentFailureCodes.AmountTooLarge,
                    $"The refund exceeds what is left to refund ({Currencies.Format(payment.RefundableAmount, payment.Currency)}).");
            }

            var outcome = await gateway.RefundAsync(payment.GatewayReference!, toRefund, payment.Currency, idempotencyKey, cancellationToken);
            if (!outcome.Succeeded)
            {
                return PaymentResult.Failure(payment, outcome.FailureCode!, outcome.FailureMessage!, outcome.Retryable);
            }

            payment.RefundedAmount += toRefund;
            payment.Status = payment.RefundableAmount == 0 ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
            payment.UpdatedAt = now;
            db.PostRefund(payment, toRefund, now);
            events.Refunded(payment, toRefund, now);
            return PaymentResult.Success(payment);
        }, cancellationToken);
    }

    public async Task<PaymentSnapshot> GetAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken)
            ?? throw new PaymentRequestException(PaymentRequestError.NotFound, "payment_id", "No such payment.");
        return PaymentSnapshot.Of(payment);
    }

    public async Task<IReadOnlyList<PaymentSnapshot>> ListForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken))
            .Select(PaymentSnapshot.Of).ToList();

    private async Task<PaymentResult> RunAsync(string key, string operation, string fingerprint, Guid? paymentId,
        Func<Payment?, DateTimeOffset, Task<PaymentResult>> body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, "idempotency_key", $"An idempotency key of 1 to {MaxKeyLength} characters is required.");
        }

        // Aspire turns on Npgsql's retrying execution strategy: a transaction must run inside it as one unit.
        var strategy = db.Database.CreateExecutionStrategy();
        var committed = false;
        var outcome = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            committed = false;
            // No savepoint around the SaveChanges below (two round trips): a failed save fails the whole call, whose
            // transaction is rolled back and retried whole by the strategy; nothing continues after it.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);

            var stored = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
            if (stored is not null)
            {
                if (stored.Operation != operation || stored.RequestFingerprint != fingerprint)
                {
                    throw new PaymentRequestException(PaymentRequestError.IdempotencyKeyReused, "idempotency_key",
                        "This idempotency key was already used with different parameters.");
                }
                return JsonSerializer.Deserialize<PaymentResult>(stored.Result)!;
            }

            Payment? payment = null;
            if (paymentId is { } id)
            {
                payment = (await db.Payments.FromSql($"""SELECT * FROM payments WHERE "Id" = {id} FOR UPDATE""").ToListAsync(cancellationToken))
                    .SingleOrDefault() ?? throw new PaymentRequestException(PaymentRequestError.NotFound, "payment_id", "No such payment.");
            }

            var now = time.GetUtcNow();
            var result = await body(payment, now);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = key,
                Operation = operation,
                RequestFingerprint = fingerprint,
                PaymentId = result.Payment?.Id,
                Result = JsonSerializer.Serialize(result),
                CreatedAt = now
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            committed = true;
            return result;
        });
        // A replay answered from the stored outcome is not a second payment movement.
        if (committed)
        {
            metrics.Recorded(operation, outcome);
        }
        return outcome;
    }

    /// <summary>Malformed amounts (negative, absurd, more decimals than any currency has) are the caller's error.</summary>
    private static void RequireAmountShape(decimal amount, string field)
    {
        if (amount < 0 || amount > MaxAmount || decimal.Round(amount, 4) != amount)
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, field, "The amount must be 0 to 1e12 with at most 4 decimals.");
        }
    }

    /// <summary>A partial capture or refund of nothing is a malformed request, not a decline.</summary>
    private static void RequirePositive(decimal amount, string field)
    {
        RequireAmountShape(amount, field);
        if (amount == 0)
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, field, "The amount must be positive; leave it out for the whole amount.");
        }
    }

    /// <summary>An amount with more decimals than its currency has (100.50 JPY) is refused, never rounded.</summary>
    private static void RequireAmount(decimal amount, string currency, string field)
    {
        RequireAmountShape(amount, field);
        RequireMinorUnits(amount, currency, field);
    }

    private static void RequireMinorUnits(decimal? amount, string currency, string field)
    {
        if (amount is { } value && Currencies.Check(value, currency) is { } problem)
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, field, problem);
        }
    }

    /// <summary>
    /// A currency given with a capture or refund must be the payment's: 1 EUR against a USD payment is refused,
    /// never taken as 1 USD. Not part of the fingerprint: the only accepted value is the payment's own.
    /// </summary>
    private static void RequireSameCurrency(string? currency, string paymentCurrency, string field)
    {
        if (currency is not null && !string.Equals(currency, paymentCurrency, StringComparison.Ordinal))
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, field,
                $"The currency must be the payment's ({paymentCurrency}); money is never moved across currencies.");
        }
    }

    private static void RequireCurrency(string currency)
    {
        if (!Currencies.IsActive(currency))
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, "amount.currency_code", "The currency must be an active ISO 4217 code in upper case.");
        }
    }

    /// <summary>Zero, or more than the processor takes in one charge: a final decline, whatever the card.</summary>
    private GatewayResult? AmountRefusal(decimal amount, string currency)
    {
        if (amount == 0)
        {
            return GatewayResult.Failure(PaymentFailureCodes.AmountTooSmall, "There is nothing to charge: the amount is zero.");
        }
        return Currencies.ToMinorUnits(amount, currency) > gateway.MaxMinorUnits
            ? GatewayResult.Failure(PaymentFailureCodes.AmountTooLarge,
                $"The amount is over the payment processor's limit of {Currencies.FromMinorUnits(gateway.MaxMinorUnits, currency).ToString(CultureInfo.InvariantCulture)} {currency} per payment.")
            : null;
    }

    private static string Amount(decimal amount) => amount.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Fingerprint(params object[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture))))));
}
