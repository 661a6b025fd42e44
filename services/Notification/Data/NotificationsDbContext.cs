using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<UserNotification> Notifications => Set<UserNotification>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserNotification>(notification =>
        {
            notification.ToTable("notifications");
            notification.Property(n => n.Kind).HasMaxLength(50);
            notification.Property(n => n.Email).HasMaxLength(320);
            notification.Property(n => n.Subject).HasMaxLength(300);
            notification.HasIndex(n => new { n.EventId, n.Kind }).IsUnique();
            notification.HasIndex(n => new { n.UserId, n.CreatedAt });
            notification.HasMany(n => n.Deliveries).WithOne(d => d.Notification).HasForeignKey(d => d.NotificationId);
        });

        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.Property(d => d.Channel).HasMaxLength(20);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            delivery.Property(d => d.LastError).HasMaxLength(1000);
            delivery.HasIndex(d => new { d.NotificationId, d.Channel }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        });

        modelBuilder.AddMessagingTables();
    }
}
