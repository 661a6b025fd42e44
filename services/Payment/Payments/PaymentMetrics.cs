using System.Diagnostics.Metrics;

namespace Vargo.Payment.Payments;

/// <summary>
/// Payment's business metrics (meter <c>Vargo.Payment</c>, exported by ServiceDefaults' <c>Vargo.*</c> filter). Counted
/// once per committed call: a replay of an idempotency key answers from the stored outcome and is not counted again.
/// No amounts: money is never summed across currencies, and the ledger is the place for sums. See docs/operations.md.
/// </summary>
public sealed class PaymentMetrics
{
    public const string MeterName = "Vargo.Payment";

    private readonly Counter<long> _authorized;
    private readonly Counter<long> _declined;
    private readonly Counter<long> _captured;
    private readonly Counter<long> _refunded;

    public PaymentMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _authorized = meter.CreateCounter<long>("vargo.payments.authorized", "{payment}", "Authorizations the processor granted.");
        _declined = meter.CreateCounter<long>("vargo.payments.declined", "{payment}",
            "Payment calls refused (by the processor or by Payment's own rules), by operation and failure code.");
        _captured = meter.CreateCounter<long>("vargo.payments.captured", "{payment}", "Captures of authorized payments.");
        _refunded = meter.CreateCounter<long>("vargo.payments.refunded", "{refund}", "Refunds and voids, by operation.");
    }

    /// <summary>Counts one committed <paramref name="operation"/> (authorize, sale, capture, void, refund) by its outcome.</summary>
    public void Recorded(string operation, PaymentResult result)
    {
        if (!result.Succeeded)
        {
            _declined.Add(1,
                new KeyValuePair<string, object?>("vargo.payment.operation", operation),
                new KeyValuePair<string, object?>("vargo.payment.code", result.FailureCode ?? "unknown"));
            return;
        }
        switch (operation)
        {
            case "authorize":
                _authorized.Add(1);
                break;
            case "capture":
                _captured.Add(1);
                break;
            case "sale":
                // Authorized and captured in one call: counted as both.
                _authorized.Add(1);
                _captured.Add(1);
                break;
            case "void" or "refund":
                _refunded.Add(1, new KeyValuePair<string, object?>("vargo.payment.operation", operation));
                break;
        }
    }
}
