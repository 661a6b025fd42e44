using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Payment.Data;
using Vargo.Payment.Gateways;

namespace Vargo.Payment.Payments;

/// <summary>Puts PaymentSucceeded / PaymentFailed / PaymentRefunded into the outbox, in the transaction that changes the payment.</summary>
public sealed class PaymentEvents(PaymentsDbContext db)
{
    public void Succeeded(Payment payment, DateTimeOffset at) =>
        db.AddIntegrationEvent(new PaymentSucceeded(payment.Id, payment.OrderId, payment.CustomerId, payment.CapturedAmount, payment.Currency)
        {
            OccurredAt = at
        });

    public void Refunded(Payment payment, decimal amount, DateTimeOffset at) =>
        db.AddIntegrationEvent(new PaymentRefunded(payment.Id, payment.OrderId, payment.CustomerId, payment.CustomerEmail, amount,
            payment.RefundedAmount, payment.Currency, payment.RefundableAmount == 0)
        {
            OccurredAt = at
        });

    public void Failed(Payment payment, decimal amount, GatewayResult outcome, DateTimeOffset at) =>
        db.AddIntegrationEvent(new PaymentFailed(payment.Id, payment.OrderId, payment.CustomerId, payment.CustomerEmail, amount,
            payment.Currency, outcome.FailureCode!, outcome.FailureMessage!)
        {
            OccurredAt = at
        });
}
