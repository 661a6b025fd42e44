using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;

namespace Vargo.Messaging.Tests;

/// <summary>A service's own database: a business table, a table of handler effects, and the messaging tables.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<TestOrder> Orders => Set<TestOrder>();

    public DbSet<HandlerEffect> Effects => Set<HandlerEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TestOrder>().ToTable("orders");
        modelBuilder.Entity<HandlerEffect>().ToTable("effects");
        modelBuilder.AddMessagingTables();
    }
}

public sealed class TestOrder
{
    public Guid Id { get; set; }

    public decimal Total { get; set; }
}

/// <summary>One row per time a handler's effect was committed; the inbox must keep it at one per event.</summary>
public sealed class HandlerEffect
{
    public int Id { get; set; }

    public Guid EventId { get; set; }

    public Guid OrderId { get; set; }

    public string? TraceId { get; set; }
}
