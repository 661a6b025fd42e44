namespace Vargo.Auth.Accounts;

/// <summary>A postal address on a profile; <see cref="Country"/> is an ISO 3166-1 alpha-2 code.</summary>
public sealed class Address
{
    public string? Label { get; set; }
    public required string Recipient { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public required string PostalCode { get; set; }
    public required string Country { get; set; }
}
