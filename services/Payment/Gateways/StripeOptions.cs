using System.ComponentModel.DataAnnotations;

namespace Vargo.Payment.Gateways;

/// <summary>
/// Settings under <c>Payment:Stripe</c>. With a <see cref="SecretKey"/> payments go to Stripe; without one, to the
/// simulated gateway. The key comes from user secrets or an Aspire parameter, never from the repo.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Payment:Stripe";

    /// <summary>A Stripe secret or restricted key (<c>sk_test_…</c>, <c>sk_live_…</c>, <c>rk_…</c>).</summary>
    [RegularExpression(@"^(sk|rk)_(test|live)_\S+$", ErrorMessage = "Payment:Stripe:SecretKey is not a Stripe secret key (sk_test_…, sk_live_…, rk_…).")]
    public string? SecretKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(SecretKey);
}
