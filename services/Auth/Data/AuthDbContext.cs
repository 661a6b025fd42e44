using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Vargo.Auth.Accounts;
using Vargo.Auth.Signing;
using Vargo.Auth.Tokens;
using Vargo.Messaging;

namespace Vargo.Auth.Data;

public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options)
    : IdentityDbContext<VargoUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.AddMessagingTables();

        builder.Entity<VargoUser>(user =>
        {
            // Identity indexes NormalizedEmail but not uniquely; two concurrent registrations must not both win.
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(100);
            // Complex types, not owned entities: a profile update replaces the whole address list, and owned entities
            // keyed by their position made EF track the new and the removed address as the same entity (a 500).
            user.ComplexCollection(u => u.Addresses, address => address.ToJson());
            user.ComplexProperty(u => u.NotificationPreferences, preferences => preferences.ToJson());
        });

        builder.Entity<RefreshToken>(token =>
        {
            token.ToTable("RefreshTokens");
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => t.UserId);
            token.HasOne<VargoUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SigningKey>(key =>
        {
            key.ToTable("SigningKeys");
            key.Property(k => k.Id).HasMaxLength(64);
        });
    }
}
