namespace Vargo.Inventory.Stock;

/// <summary>
/// The points between Inventory's two writes (Redis and the ledger) that it passes to
/// <see cref="Microsoft.Extensions.Hosting.IFaultInjector"/>, which does nothing in production. Recovery tests crash
/// there and check that a crash never oversells and never strands units after the rebuild.
/// </summary>
public static class InventoryFaults
{
    /// <summary>After the Redis reservation, before the ledger transaction commits.</summary>
    public const string AfterRedisReserve = "AfterRedisReserve";

    /// <summary>After a commit/release/expire/return ledger transaction commits, before Redis is told.</summary>
    public const string AfterLedgerClose = "AfterLedgerClose";
}
