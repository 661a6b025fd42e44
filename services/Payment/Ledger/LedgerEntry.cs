namespace Vargo.Payment.Ledger;

/// <summary>
/// One line of the double-entry ledger. Lines sharing a <see cref="TransactionId"/> balance: their debits
/// equal their credits, in one currency.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; init; }
    public Guid TransactionId { get; init; }
    public Guid PaymentId { get; init; }
    public required string Kind { get; init; }
    public required string Account { get; init; }
    public decimal Debit { get; init; }
    public decimal Credit { get; init; }
    public required string Currency { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
