using System.Net.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// Kill-and-recover across the real services: the Orders process dies in the middle of a checkout (fault
/// injection the fixture allows, asked for with a header), Aspire starts it again, and its recovery worker
/// drives every open order to a terminal state with money and stock to match. The test leaves Orders running
/// and healthy for the tests that share the app.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class CheckoutRecoveryFlowTests(VargoAppFixture fixture) : StorefrontFlowTests(fixture)
{
    private const string CrashHeader = "Vargo-Crash-After";

    // The dead request's lease (Orders:Checkout:Lease, 45 s) must run out before recovery may take over.
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Orders_killed_mid_checkout_end_terminal_with_money_and_stock_consistent_after_restart()
    {
        using var client = Fixture.CreateGatewayClient();
        var admin = await AdminAsync(client);

        // A dies after saving PaymentAuthorized: stock held, card authorized → recovery goes forward.
        var forward = await CrashingCheckoutAsync(client, price: 30.00m, crashAfter: "PaymentAuthorized");
        await StartOrdersAgainAsync(client, forward.Customer);
        // B dies after Payment authorized the card but before the order recorded it → recovery gives it all back.
        var backward = await CrashingCheckoutAsync(client, price: 12.00m, crashAfter: "AuthorizeCall");
        await StartOrdersAgainAsync(client, backward.Customer);

        var placed = await TerminalOrderAsync(client, forward.Customer);
        var cancelled = await TerminalOrderAsync(client, backward.Customer);

        Assert.Equal("Placed", placed.Status);
        var captured = Assert.Single(await PaymentsOfOrderAsync(client, admin, placed.Id));
        Assert.Equal(("Captured", 30.00m), (captured.Status, captured.Captured));
        Assert.Equal(2, await AvailableAsync(client, forward.Sku));
        await Eventually.TrueAsync(async () =>
        {
            var ledger = await (await SendAsync(client, HttpMethod.Get, $"/api/inventory/stock/{forward.Sku}/ledger", admin)).Content.ReadFromJsonAsync<List<LedgerEntryResponse>>();
            return ledger!.Any(e => e.Kind.Equals("Commit", StringComparison.OrdinalIgnoreCase) && e.OrderId == placed.Id);
        }, "Inventory committed the recovered order's stock");

        Assert.Equal(("Cancelled", "checkout_interrupted"), (cancelled.Status, cancelled.FailureCode));
        var voided = Assert.Single(await PaymentsOfOrderAsync(client, admin, cancelled.Id));
        Assert.Equal(("Voided", 0m), (voided.Status, voided.Captured));
        Assert.Equal(3, await AvailableAsync(client, backward.Sku));

        // The restarted Orders serves everyone else as before.
        Assert.Equal("Placed", (await PlaceOrderAsync(client, price: 4.00m)).Order.Status);
    }

    /// <summary>A new customer checks out one of three units and asks Orders to die at <paramref name="crashAfter"/>.</summary>
    private async Task<Shopper> CrashingCheckoutAsync(HttpClient client, decimal price, string crashAfter)
    {
        var sku = await CreateProductWithStockAsync(client, onHand: 3, price);
        var customer = await RegisterAndLoginAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/orders/cart/items", customer, new { sku, quantity = 1 })).StatusCode);

        var response = await CheckoutAsync(client, customer, Guid.NewGuid().ToString(), "4242424242424242",
            request => request.Headers.Add(CrashHeader, crashAfter));

        // The gateway answers for the dead process; the storefront sees an error, not an order.
        Assert.True((int)response.StatusCode >= 500, $"Orders answered {response.StatusCode} instead of dying at {crashAfter}.");
        return new Shopper(sku, customer);
    }

    /// <summary>Waits for Orders to be down, starts it again through Aspire and waits until it serves requests.</summary>
    private async Task StartOrdersAgainAsync(HttpClient client, string customer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var notifications = Fixture.App.ResourceNotifications;
        await notifications.WaitForResourceAsync("orders", KnownResourceStates.TerminalStates, timeout.Token);

        var started = await Fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("orders", KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(started.Success, started.Message);

        try
        {
            await notifications.WaitForResourceAsync("orders",
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy, timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw new InvalidOperationException($"Orders did not become healthy again. Its last log lines:\n{await Fixture.LastLogLinesAsync("orders")}", ex);
        }
        await Eventually.TrueAsync(async () => (await SendAsync(client, HttpMethod.Get, "/api/orders", customer)).StatusCode == HttpStatusCode.OK,
            "Orders answers through the gateway again", RecoveryTimeout);
    }

    /// <summary>The customer's only order, once recovery has finished it.</summary>
    private static Task<OrderResponse> TerminalOrderAsync(HttpClient client, string customer) =>
        Eventually.ValueAsync(async () =>
        {
            var orders = await (await SendAsync(client, HttpMethod.Get, "/api/orders", customer)).Content.ReadFromJsonAsync<List<OrderResponse>>();
            var order = Assert.Single(orders!);
            return order.Status is "Placed" or "Cancelled" or "PaymentFailed" ? order : null;
        }, "recovery ended the order", RecoveryTimeout);

    private sealed record Shopper(string Sku, string Customer);
}
