using Vargo.Messaging;
using Microsoft.EntityFrameworkCore;
using Vargo.Payment.Idempotency;
using Vargo.Payment.Ledger;

namespace Vargo.Payment.Data;

public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public DbSet<Payments.Payment> Payments => Set<Payments.Payment>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Payments.Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.Id);
            payment.HasIndex(p => p.OrderId);
            payment.Property(p => p.Currency).HasMaxLength(3);
            payment.Property(p => p.CustomerEmail).HasMaxLength(320);
            payment.Property(p => p.CardBrand).HasMaxLength(20);
            payment.Property(p => p.CardLast4).HasMaxLength(4);
            payment.Property(p => p.Gateway).HasMaxLength(20);
            payment.Property(p => p.GatewayReference).HasMaxLength(255);
            payment.Property(p => p.FailureCode).HasMaxLength(64);
            payment.Property(p => p.FailureMessage).HasMaxLength(500);
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            payment.Property(p => p.AuthorizedAmount).HasPrecision(19, 4);
            payment.Property(p => p.CapturedAmount).HasPrecision(19, 4);
            payment.Property(p => p.RefundedAmount).HasPrecision(19, 4);
            payment.Ignore(p => p.RefundableAmount);
            payment.ToTable(t => t.HasCheckConstraint("ck_payments_refund_within_capture",
                "\"RefundedAmount\" >= 0 AND \"RefundedAmount\" <= \"CapturedAmount\""));
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries", t => t.HasCheckConstraint("ck_ledger_one_side",
                "(\"Debit\" > 0 AND \"Credit\" = 0) OR (\"Credit\" > 0 AND \"Debit\" = 0)"));
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => e.PaymentId);
            entry.HasIndex(e => e.TransactionId);
            entry.Property(e => e.Kind).HasMaxLength(20);
            entry.Property(e => e.Account).HasMaxLength(40);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Debit).HasPrecision(19, 4);
            entry.Property(e => e.Credit).HasPrecision(19, 4);
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_records");
            record.HasKey(r => r.Key);
            record.Property(r => r.Key).HasMaxLength(255);
            record.Property(r => r.Operation).HasMaxLength(20);
            record.Property(r => r.RequestFingerprint).HasMaxLength(64);
            record.Property(r => r.Result).HasColumnType("jsonb");
        });
    }
}
