using Vargo.Payment.Payments;

namespace Vargo.Payment.Grpc;

public static class MoneyConversions
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    public static decimal ToDecimal(this Money money, string field)
    {
        if (money.Nanos is <= -1_000_000_000 or >= 1_000_000_000 || (money.Units > 0 && money.Nanos < 0) || (money.Units < 0 && money.Nanos > 0))
        {
            throw new PaymentRequestException(PaymentRequestError.Invalid, field, "Money nanos must be within ±999,999,999 and share the sign of units.");
        }
        return money.Units + money.Nanos / NanosPerUnit;
    }

    public static Money ToMoney(this decimal amount, string currency)
    {
        var units = decimal.Truncate(amount);
        return new Money { CurrencyCode = currency, Units = (long)units, Nanos = (int)((amount - units) * NanosPerUnit) };
    }
}
