using Microsoft.EntityFrameworkCore;
using Vargo.Inventory.Data;

namespace Vargo.Inventory.Stock;

/// <summary>
/// A PostgreSQL advisory lock that orders ledger writes against Redis rebuilds: every ledger transaction takes it
/// shared, a rebuild takes it exclusive. A rebuild therefore reads a ledger no write is half-way into, and a
/// write that saw an older Redis generation than the one current at its commit knows to retry.
/// </summary>
internal static class LedgerLock
{
    // Any constant unique within the database: "vargo.inventory.ledger".
    public const long Key = 0x5641_5247_494E_5631;

    public static Task EnterSharedAsync(InventoryDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({Key})", cancellationToken);

    public static Task EnterExclusiveAsync(InventoryDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", cancellationToken);
}
