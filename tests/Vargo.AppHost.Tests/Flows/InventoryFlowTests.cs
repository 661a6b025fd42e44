using System.Net.Http.Json;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>Inventory's side of the order lifecycle across the real services: a sale cancelled before shipment is restocked.</summary>
[Collection(VargoAppCollection.Name)]
public sealed class InventoryFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    [Fact]
    public async Task An_order_cancelled_after_the_sale_puts_its_units_back_on_stock_once()
    {
        using var client = Fixture.CreateGatewayClient();
        var placed = await PlaceOrderAsync(client, price: 8.00m, quantity: 2, onHand: 5);
        var admin = await AdminAsync(client);
        Assert.Equal(3, await AvailableAsync(client, placed.Sku));
        // Inventory commits the sale when it consumes OrderPlaced (the checkout no longer calls CommitReservation
        // itself): wait for that commit, so the cancel below comes after the sale as this test means.
        await Eventually.TrueAsync(async () =>
        {
            var sold = await (await SendAsync(client, HttpMethod.Get, $"/api/inventory/stock/{placed.Sku}/ledger", admin))
                .Content.ReadFromJsonAsync<List<LedgerEntryResponse>>(cancellationToken: TestContext.Current.CancellationToken);
            return sold!.Any(e => e.Kind.Equals("Commit", StringComparison.OrdinalIgnoreCase) && e.OrderId == placed.Order.Id);
        }, "Inventory committed the sale");

        var cancelled = await SendAsync(client, HttpMethod.Post, $"/api/orders/{placed.Order.Id}/cancel", placed.Customer);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        // OrderCancelled reaches Inventory after the commit: the sold units come back as one return row per line.
        await Eventually.TrueAsync(async () => await AvailableAsync(client, placed.Sku) == 5, "the units are back on stock");
        var ledger = await (await SendAsync(client, HttpMethod.Get, $"/api/inventory/stock/{placed.Sku}/ledger", admin))
            .Content.ReadFromJsonAsync<List<LedgerEntryResponse>>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(ledger!, e => e.Kind.Equals("Commit", StringComparison.OrdinalIgnoreCase) && e.OrderId == placed.Order.Id);
        var returned = Assert.Single(ledger!, e => e.Kind.Equals("Return", StringComparison.OrdinalIgnoreCase));
        Assert.Equal((placed.Order.Id, 2), (returned.OrderId, returned.Quantity));
    }
}
