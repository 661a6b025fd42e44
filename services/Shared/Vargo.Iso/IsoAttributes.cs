using System.ComponentModel.DataAnnotations;

namespace Vargo.Iso;

/// <summary>
/// The value is an active ISO 4217 currency code (upper case). Null passes: combine with [Required] when the
/// currency is mandatory. Works with .NET 10's minimal-API validation and with options validation.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class CurrencyCodeAttribute() : ValidationAttribute("The {0} field must be an active ISO 4217 currency code in upper case, e.g. USD.")
{
    public override bool IsValid(object? value) => value is null || value is string code && Currencies.IsActive(code);
}

/// <summary>The value is an assigned ISO 3166-1 alpha-2 country code (upper case). Null passes.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class CountryCodeAttribute() : ValidationAttribute("The {0} field must be an assigned ISO 3166-1 alpha-2 country code in upper case, e.g. DE.")
{
    public override bool IsValid(object? value) => value is null || value is string code && Countries.IsAssigned(code);
}
