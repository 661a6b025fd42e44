using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Messaging.Contracts;
using Vargo.Messaging.Outbox;
using Vargo.Inventory.Data;
using Vargo.Inventory.Grpc;
using Vargo.Inventory.Stock;
using Vargo.Testing;

namespace Vargo.Inventory.Tests;

/// <summary>Idempotency by order id, commit/release semantics and expiry.</summary>
public sealed class ReservationLifecycleTests(AllServersFixture fixture)
{
    [Fact]
    public async Task Reserving_the_same_order_twice_holds_the_units_once()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("IDEM-1", 5);
        var request = Reserve(Guid.NewGuid(), ("IDEM-1", 2));

        var first = await host.Client.ReserveStockAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        var second = await host.Client.ReserveStockAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(first.Reserved);
        Assert.True(second.Reserved);
        Assert.Equal(first.ExpiresAtUnixMs, second.ExpiresAtUnixMs);
        Assert.Equal(3, await host.AvailableAsync("IDEM-1"));
        Assert.Single(await host.LedgerAsync("IDEM-1"), e => e.Kind == LedgerEntryKind.Reserve);
    }

    [Fact]
    public async Task Committing_twice_sells_once_and_release_after_commit_is_a_no_op()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("COMMIT-1", 5);
        var orderId = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("COMMIT-1", 2)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);

        var first = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        var second = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        var release = await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        var again = await host.Client.ReserveStockAsync(Reserve(orderId, ("COMMIT-1", 2)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(CommitStatus.Committed, second.Status);
        Assert.Equal(ReleaseStatus.Committed, release.Status);
        Assert.False(release.Released);
        Assert.Equal(ReservationStatus.Committed, again.Status);
        Assert.Equal(3, await host.AvailableAsync("COMMIT-1"));
        var ledger = await host.LedgerAsync("COMMIT-1");
        Assert.Single(ledger, e => e.Kind == LedgerEntryKind.Commit);
        Assert.DoesNotContain(ledger, e => e.Kind == LedgerEntryKind.Release);
        Assert.Equal(3, await host.LedgerAvailableAsync("COMMIT-1"));
    }

    [Fact]
    public async Task Release_returns_the_units_once_and_unknown_orders_are_not_found()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("REL-1", 4);
        var orderId = Guid.NewGuid();
        Assert.True((await host.Client.ReserveStockAsync(Reserve(orderId, ("REL-1", 3)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.Equal(1, await host.AvailableAsync("REL-1"));

        var first = await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        var second = await host.Client.ReleaseReservationAsync(new ReleaseReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        var commit = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = orderId.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        var unknown = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = Guid.NewGuid().ToString() }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(first.Released);
        Assert.Equal(ReleaseStatus.Released, second.Status);
        Assert.Equal(CommitStatus.Released, commit.Status);
        Assert.Equal(CommitStatus.NotFound, unknown.Status);
        Assert.Equal(4, await host.AvailableAsync("REL-1"));
        Assert.Single(await host.LedgerAsync("REL-1"), e => e.Kind == LedgerEntryKind.Release);
    }

    [Fact]
    public async Task An_uncommitted_reservation_expires_after_its_ttl_and_its_units_come_back()
    {
        await using var host = await InventoryTestHost.StartAsync(await InventoryTestHost.CreateStoreAsync(fixture.Servers));
        await host.SetStockAsync("TTL-1", 2);
        var expiring = Guid.NewGuid();
        var committed = Guid.NewGuid();
        var request = Reserve(expiring, ("TTL-1", 1));
        request.Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(1));
        Assert.True((await host.Client.ReserveStockAsync(request, cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        Assert.True((await host.Client.ReserveStockAsync(Reserve(committed, ("TTL-1", 1)), cancellationToken: TestContext.Current.CancellationToken)).Reserved);
        await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = committed.ToString() }, cancellationToken: TestContext.Current.CancellationToken);

        var tooEarly = await host.InScopeAsync(sp => sp.GetRequiredService<ReservationService>().ExpireDueAsync(CancellationToken.None));
        host.Time.Offset = TimeSpan.FromMinutes(2);
        var expired = await host.InScopeAsync(sp => sp.GetRequiredService<ReservationService>().ExpireDueAsync(CancellationToken.None));

        Assert.Equal(0, tooEarly);
        Assert.Equal(1, expired);
        Assert.Equal(1, await host.AvailableAsync("TTL-1"));
        var expireRow = Assert.Single(await host.LedgerAsync("TTL-1"), e => e.Kind == LedgerEntryKind.Expire);
        Assert.Equal(expiring, expireRow.OrderId);
        var outbox = await host.InScopeAsync(sp => sp.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().AsNoTracking().ToListAsync());
        var message = Assert.Single(outbox);
        Assert.Equal(nameof(StockReservationExpired), message.EventType);
        Assert.Contains(expiring.ToString(), message.Payload);
        await Eventually.TrueAsync(async () => await host.InScopeAsync(sp =>
            sp.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().AnyAsync(m => m.Id == message.Id && m.SentAt != null)),
            "the relay sent StockReservationExpired", TimeSpan.FromSeconds(30));

        var late = await host.Client.CommitReservationAsync(new CommitReservationRequest { OrderId = expiring.ToString() }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(CommitStatus.Expired, late.Status);
    }

    internal static ReserveStockRequest Reserve(Guid orderId, params (string Sku, int Quantity)[] lines) => new()
    {
        OrderId = orderId.ToString(),
        Lines = { lines.Select(line => new StockLine { Sku = line.Sku, Quantity = line.Quantity }) },
    };
}
