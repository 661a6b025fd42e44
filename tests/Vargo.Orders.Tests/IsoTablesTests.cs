using Vargo.Iso;

namespace Vargo.Orders.Tests;

/// <summary>The shared ISO 4217 / 3166-1 tables (services/Shared/Vargo.Iso) every service validates against.</summary>
public sealed class IsoTablesTests
{
    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("CLF", 4)]
    public void Minor_units_come_from_the_ISO_4217_table(string code, int minorUnits) => Assert.Equal(minorUnits, Currencies.MinorUnits(code));

    [Theory]
    [InlineData("usd")]
    [InlineData("XYZ")]
    [InlineData("XAU")] // gold: no minor units, nothing is priced in it
    [InlineData("XXX")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_lower_case_and_non_currency_codes_are_not_active(string? code) => Assert.False(Currencies.IsActive(code));

    [Theory]
    [InlineData("100.50", "JPY", false)]
    [InlineData("100.00", "JPY", true)]
    [InlineData("1.234", "KWD", true)]
    [InlineData("1.2345", "KWD", false)]
    [InlineData("10.001", "USD", false)]
    public void An_amount_fits_its_currency_only_with_no_more_decimals_than_it_has(string amount, string code, bool fits) =>
        Assert.Equal(fits, Currencies.Check(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), code) is null);

    [Theory]
    [InlineData("12.34", "USD", 1234)]
    [InlineData("500", "JPY", 500)]
    [InlineData("1.234", "KWD", 1234)]
    [InlineData("0", "EUR", 0)]
    public void Conversions_to_minor_units_are_exact(string amount, string code, long minorUnits)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(minorUnits, Currencies.ToMinorUnits(value, code));
        Assert.Equal(value, Currencies.FromMinorUnits(minorUnits, code));
    }

    [Fact]
    public void A_conversion_never_rounds() => Assert.Throws<ArgumentException>(() => Currencies.ToMinorUnits(100.5m, "JPY"));

    [Theory]
    [InlineData("1234.5", "USD", "1,234.50 USD")]
    [InlineData("1500.0000", "JPY", "1,500 JPY")]
    [InlineData("1.2340", "KWD", "1.234 KWD")]
    [InlineData("0.99", "JPY", "0.99 JPY")] // more decimals than the currency: shown, not rounded away
    public void Amounts_are_shown_with_their_currencys_decimals_and_never_rounded(string amount, string code, string text) =>
        Assert.Equal(text, Currencies.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), code));

    [Fact]
    public void There_are_249_assigned_country_codes() => Assert.Equal(249, Countries.Codes.Count());

    [Theory]
    [InlineData("ZZ", false)]
    [InlineData("UK", false)]
    [InlineData("AN", false)]
    [InlineData("EU", false)]
    [InlineData("de", false)]
    [InlineData("DE", true)]
    [InlineData("GB", true)]
    [InlineData("SS", true)]
    public void Only_assigned_alpha2_codes_are_countries(string code, bool assigned) => Assert.Equal(assigned, Countries.IsAssigned(code));
}
