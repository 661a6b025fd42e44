using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>A one-table database with one hand-written migration, so the test sees exactly what AddMigration applies.</summary>
public sealed class MigrationTestContext(DbContextOptions<MigrationTestContext> options) : DbContext(options)
{
    public DbSet<SeedRow> SeedRows => Set<SeedRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<SeedRow>(row =>
        {
            row.ToTable("seed_rows");
            row.HasKey(r => r.Id);
            row.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            row.Property(r => r.Name).HasColumnName("name");
        });
}

public sealed class SeedRow
{
    public int Id { get; set; }
    public required string Name { get; set; }
}

[DbContext(typeof(MigrationTestContext))]
[Migration("20261130000000_SeedRows")]
public sealed class SeedRowsMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "seed_rows",
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false),
                name = table.Column<string>(type: "text", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_seed_rows", r => r.id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("seed_rows");
}
