using Vargo.Payment.Payments;

namespace Vargo.Payment.Gateways;

/// <summary>
/// The default processor: answers like Stripe's test mode, in process, so the whole app runs offline.
/// Test cards: 4242 4242 4242 4242 (and any other valid number) succeeds; 4000 0000 0000 0002 is declined;
/// …9995 insufficient funds; …0119 processing error (retryable); …0069 expired card; …0127 incorrect CVC.
/// </summary>
public sealed class SimulatedGateway : IPaymentGateway
{
    public string Name => "simulated";

    public Task<GatewayResult> AuthorizeAsync(GatewayAuthorization authorization, CancellationToken cancellationToken) =>
        Task.FromResult(authorization.Card.Digits switch
        {
            "4000000000000002" => GatewayResult.Failure(PaymentFailureCodes.CardDeclined, "Your card was declined."),
            "4000000000009995" => GatewayResult.Failure(PaymentFailureCodes.InsufficientFunds, "Your card has insufficient funds."),
            "4000000000000119" => GatewayResult.Failure(PaymentFailureCodes.ProcessingError,
                "An error occurred while processing your card. Try again in a little bit.", retryable: true),
            "4000000000000069" => GatewayResult.Failure(PaymentFailureCodes.ExpiredCard, "Your card has expired."),
            "4000000000000127" => GatewayResult.Failure(PaymentFailureCodes.IncorrectCvc, "Your card's security code is incorrect."),
            _ => GatewayResult.Success(NewReference())
        });

    public Task<GatewayResult> CaptureAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayResult.Success(reference));

    public Task<GatewayResult> VoidAsync(string reference, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayResult.Success(reference));

    public Task<GatewayResult> RefundAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayResult.Success($"sim_re_{Guid.NewGuid():N}"));

    private static string NewReference() => $"sim_pi_{Guid.NewGuid():N}";
}
