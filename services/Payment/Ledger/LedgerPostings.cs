using Vargo.Payment.Data;

namespace Vargo.Payment.Ledger;

/// <summary>Writes each payment movement as one balanced ledger transaction.</summary>
public static class LedgerPostings
{
    public static void PostAuthorization(this PaymentsDbContext db, Payments.Payment payment, DateTimeOffset at) =>
        db.Post(payment, "authorize", at, (LedgerAccounts.CardHolds, LedgerAccounts.HoldsOutstanding, payment.AuthorizedAmount));

    /// <summary>Releases the whole hold and books what was captured (a partial capture releases the rest).</summary>
    public static void PostCapture(this PaymentsDbContext db, Payments.Payment payment, decimal captured, DateTimeOffset at) =>
        db.Post(payment, "capture", at,
            (LedgerAccounts.HoldsOutstanding, LedgerAccounts.CardHolds, payment.AuthorizedAmount),
            (LedgerAccounts.GatewayReceivable, LedgerAccounts.CustomerPayments, captured));

    public static void PostVoid(this PaymentsDbContext db, Payments.Payment payment, DateTimeOffset at) =>
        db.Post(payment, "void", at, (LedgerAccounts.HoldsOutstanding, LedgerAccounts.CardHolds, payment.AuthorizedAmount));

    public static void PostRefund(this PaymentsDbContext db, Payments.Payment payment, decimal amount, DateTimeOffset at) =>
        db.Post(payment, "refund", at, (LedgerAccounts.CustomerPayments, LedgerAccounts.GatewayReceivable, amount));

    private static void Post(this PaymentsDbContext db, Payments.Payment payment, string kind, DateTimeOffset at,
        params (string Debit, string Credit, decimal Amount)[] movements)
    {
        var transactionId = Guid.CreateVersion7(at);
        foreach (var (debit, credit, amount) in movements.Where(m => m.Amount > 0))
        {
            db.LedgerEntries.Add(new LedgerEntry
            {
                TransactionId = transactionId, PaymentId = payment.Id, Kind = kind, Account = debit,
                Debit = amount, Currency = payment.Currency, CreatedAt = at
            });
            db.LedgerEntries.Add(new LedgerEntry
            {
                TransactionId = transactionId, PaymentId = payment.Id, Kind = kind, Account = credit,
                Credit = amount, Currency = payment.Currency, CreatedAt = at
            });
        }
    }
}
