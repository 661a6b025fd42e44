using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vargo.Iso;

namespace Vargo.Orders.Checkout;

public sealed record CheckoutRequest(AddressInput? ShippingAddress, CardInput? Card)
{
    /// <summary>Field-keyed errors (RFC 9457 validation problem), empty when the request is well formed.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Require(string? value, string field, int max)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > max)
            {
                errors[field] = [$"Required, at most {max} characters."];
            }
        }

        if (ShippingAddress is not { } address)
        {
            errors["shippingAddress"] = ["A shipping address is required."];
        }
        else
        {
            Require(address.Name, "shippingAddress.name", 200);
            Require(address.Line1, "shippingAddress.line1", 200);
            if (address.Line2 is { Length: > 200 })
            {
                errors["shippingAddress.line2"] = ["At most 200 characters."];
            }
            Require(address.City, "shippingAddress.city", 100);
            Require(address.PostalCode, "shippingAddress.postalCode", 20);
            // Against the assigned codes (Vargo.Iso): "ZZ" or "UK" have the right shape and are no country.
            if (!Countries.IsAssigned(address.Country))
            {
                errors["shippingAddress.country"] = ["An assigned ISO 3166-1 alpha-2 country code in upper case is required (e.g. GB, not UK)."];
            }
        }

        if (Card is not { } card)
        {
            errors["card"] = ["Card details are required."];
        }
        else
        {
            // The shape only (what a form can check before any payment): letters in a card number are a malformed
            // request, not a declined card. Luhn, expiry in the past and the CVC's length for the brand are the
            // processor's card checks (Payment answers them as card errors, as Stripe does).
            var digits = card.Number?.Count(char.IsAsciiDigit) ?? 0;
            if (card.Number is null || card.Number.Any(c => !char.IsAsciiDigit(c) && c is not ' ' and not '-') || digits is < 12 or > 19)
            {
                errors["card.number"] = ["A card number of 12 to 19 digits is required (spaces and dashes allowed)."];
            }
            if (card.Cvc is not { Length: 3 or 4 } cvc || !cvc.All(char.IsAsciiDigit))
            {
                errors["card.cvc"] = ["A security code of 3 or 4 digits is required."];
            }
            if (card.ExpMonth is < 1 or > 12)
            {
                errors["card.expMonth"] = ["A month from 1 to 12 is required."];
            }
            if (card.ExpYear is < 2000 or > 2100)
            {
                errors["card.expYear"] = ["A four-digit year is required."];
            }
        }
        return errors;
    }

    /// <summary>
    /// What "the same body" means for the Idempotency-Key check. The card number and CVC enter only as a keyed
    /// hash (HMAC with the key itself), so the stored hash cannot be reversed into a card number by brute force
    /// over the small space of card numbers without also knowing the key.
    /// </summary>
    public string Hash(string idempotencyKey)
    {
        var card = Card!;
        var digits = new string(card.Number!.Where(char.IsAsciiDigit).ToArray());
        var cardHash = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey), Encoding.UTF8.GetBytes($"{digits}|{card.Cvc}")));
        var canonical = JsonSerializer.Serialize(new { ShippingAddress, card.ExpMonth, card.ExpYear, card.HolderName, cardHash });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

public sealed record AddressInput(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);

public sealed record CardInput(string? Number, int ExpMonth, int ExpYear, string? Cvc, string? HolderName)
{
    // Never print the number or the CVC (a logged request, an exception message).
    public override string ToString() => $"card ending {(Number is { Length: >= 4 } n ? n[^4..] : "?")}";
}
