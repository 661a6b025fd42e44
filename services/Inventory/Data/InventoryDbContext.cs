using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;

namespace Vargo.Inventory.Data;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<StockItem> StockItems => Set<StockItem>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Sku).HasMaxLength(64);
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.Actor).HasMaxLength(128);
            entry.Property(e => e.Reason).HasMaxLength(500);
            entry.HasIndex(e => new { e.Sku, e.Id });
            entry.HasIndex(e => new { e.OrderId, e.Kind });
        });

        modelBuilder.Entity<StockItem>(item =>
        {
            item.ToTable("stock_items");
            item.HasKey(e => e.Sku);
            item.Property(e => e.Sku).HasMaxLength(64);
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(e => e.OrderId);
            reservation.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
            reservation.HasIndex(e => new { e.State, e.ExpiresAt });
        });
    }
}
