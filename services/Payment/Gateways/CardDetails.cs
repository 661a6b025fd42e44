using Vargo.Payment.Payments;

namespace Vargo.Payment.Gateways;

/// <summary>
/// Card fields as the customer typed them. <see cref="ToString"/> is overridden so a log line or an exception
/// that captures this object never prints the number or the CVC.
/// </summary>
public sealed record CardDetails(string Number, int ExpMonth, int ExpYear, string Cvc)
{
    public string Digits { get; } = new(Number.Where(char.IsAsciiDigit).ToArray());

    public string Last4 => Digits.Length >= 4 ? Digits[^4..] : Digits;

    public string Brand => Digits switch
    {
        ['4', ..] => "visa",
        ['3', '4' or '7', ..] => "amex",
        ['5', '1' or '2' or '3' or '4' or '5', ..] => "mastercard",
        ['2', ..] when int.TryParse(Digits.AsSpan(0, Math.Min(4, Digits.Length)), out var prefix) && prefix is >= 2221 and <= 2720 => "mastercard",
        ['6', '0', '1', '1', ..] or ['6', '5', ..] => "discover",
        _ => "unknown"
    };

    /// <summary>Stripe's card checks, in Stripe's order: number, expiry, CVC. Null when the card is well formed.</summary>
    public (string Code, string Message)? Validate(DateTimeOffset now)
    {
        if (Number.Any(c => !char.IsAsciiDigit(c) && c is not ' ' and not '-') || Digits.Length is < 12 or > 19 || !PassesLuhn(Digits))
        {
            return (PaymentFailureCodes.IncorrectNumber, "The card number is incorrect.");
        }
        if (ExpMonth is < 1 or > 12 || ExpYear is < 2000 or > 2100)
        {
            return (PaymentFailureCodes.InvalidExpiry, "The card's expiration date is invalid.");
        }
        if (ExpYear < now.Year || (ExpYear == now.Year && ExpMonth < now.Month))
        {
            return (PaymentFailureCodes.ExpiredCard, "The card has expired.");
        }
        var cvcLength = Brand == "amex" ? 4 : 3;
        if (Cvc.Length != cvcLength || !Cvc.All(char.IsAsciiDigit))
        {
            return (PaymentFailureCodes.InvalidCvc, "The card's security code is invalid.");
        }
        return null;
    }

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    public override string ToString() => $"{Brand} ending {Last4}, expires {ExpMonth:00}/{ExpYear}";
}
