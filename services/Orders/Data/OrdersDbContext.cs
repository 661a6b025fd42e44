using Vargo.Messaging;
using Microsoft.EntityFrameworkCore;
using Vargo.Orders.Cart;
using Vargo.Orders.Checkout;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Data;

public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public DbSet<CartLine> CartLines => Set<CartLine>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<CheckoutKey> CheckoutKeys => Set<CheckoutKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<CartLine>(line =>
        {
            line.ToTable("cart_lines", t => t.HasCheckConstraint("ck_cart_lines_quantity", $"\"Quantity\" BETWEEN 1 AND {CartLine.MaxQuantity}"));
            line.HasKey(l => new { l.CustomerId, l.Sku });
            line.Property(l => l.Sku).HasMaxLength(64);
        });

        modelBuilder.Entity<CheckoutKey>(key =>
        {
            key.ToTable("checkout_keys");
            key.HasKey(k => new { k.CustomerId, k.Key });
            key.Property(k => k.Key).HasMaxLength(255);
            key.Property(k => k.RequestHash).HasMaxLength(64);
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            // One checkout per customer and key: the database, not a race, decides which request creates the order.
            order.HasIndex(o => new { o.CustomerId, o.IdempotencyKey }).IsUnique();
            order.HasIndex(o => new { o.CustomerId, o.CreatedAt });
            order.HasIndex(o => new { o.Status, o.LeaseUntil });
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            order.Property(o => o.CustomerEmail).HasMaxLength(320);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.Total).HasPrecision(19, 4);
            order.Property(o => o.RefundedAmount).HasPrecision(19, 4);
            order.Property(o => o.CardBrand).HasMaxLength(20);
            order.Property(o => o.CardLast4).HasMaxLength(4);
            order.Property(o => o.FailureCode).HasMaxLength(64);
            order.Property(o => o.FailureReason).HasMaxLength(500);
            order.Property(o => o.IdempotencyKey).HasMaxLength(255);
            order.Property(o => o.RequestHash).HasMaxLength(64);
            order.Ignore(o => o.IsOpen);
            order.Ignore(o => o.IsTerminal);
            order.OwnsMany(o => o.Items, items =>
            {
                items.ToJson();
                items.Property(i => i.UnitPrice).HasPrecision(19, 4);
            });
            order.OwnsOne(o => o.ShippingAddress, address => address.ToJson());
        });
    }
}
