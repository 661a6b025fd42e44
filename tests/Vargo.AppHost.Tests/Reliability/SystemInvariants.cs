using System.Net.Http.Json;
using Npgsql;
using RabbitMQ.Client;
using Vargo.Testing.Storefront;

namespace Vargo.AppHost.Tests.Reliability;

/// <summary>
/// The promises issue 16 checks after every fault, over one burst's customers and SKUs only (other tests share the app):
/// read from the public API where it has the answer (orders, availability) and straight from each service's database
/// (connection strings from the Aspire app) or RabbitMQ's dead-letter queues where no API shows it.
/// <see cref="CheckAsync"/> lists every promise broken right now; settled means the list is empty.
/// </summary>
public sealed class SystemInvariants(VargoAppFixture fixture, StorefrontClient storefront, BurstCast cast)
{
    /// <summary>The queues of the services that consume OrderPlaced and its neighbours (Messaging: "{service}.dead-letters").</summary>
    private static readonly string[] Consumers = ["inventory", "orders", "notification", "recommendation", "payment", "catalog", "auth"];

    public IReadOnlyList<OrderRow> Orders { get; private set; } = [];

    /// <summary>Every broken promise, each a sentence naming the order, SKU or payment; empty when all hold.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        var broken = new List<string>();
        Orders = await OrdersAsync(cancellationToken);

        // 1. Every order terminal.
        foreach (var order in Orders.Where(o => o.Status is not ("Placed" or "Cancelled" or "PaymentFailed")))
        {
            broken.Add($"order {order.Id} is still {order.Status}");
        }
        var placed = Orders.Where(o => o.Status == "Placed").ToList();
        var placedIds = placed.Select(o => o.Id).ToHashSet();
        var allIds = Orders.Select(o => o.Id).ToArray();

        // 2. Money: per order, captured − refunded in Payment's ledger equals the total of a Placed order, 0 otherwise;
        //    every ledger transaction balances; each payment's amounts agree with its ledger.
        await using (var payments = NpgsqlDataSource.Create(await ConnectionStringAsync("paymentsdb", cancellationToken)))
        {
            var net = new Dictionary<Guid, decimal>();
            await using (var command = payments.CreateCommand("""
                SELECT p."OrderId", p."Id", p."CapturedAmount" - p."RefundedAmount",
                       COALESCE((SELECT SUM(e."Credit" - e."Debit") FROM ledger_entries e
                                 WHERE e."PaymentId" = p."Id" AND e."Account" = 'customer_payments'), 0)
                FROM payments p WHERE p."OrderId" = ANY($1)
                """))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = allIds });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (orderId, paymentId, amounts, ledger) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetDecimal(2), reader.GetDecimal(3));
                    if (amounts != ledger)
                    {
                        broken.Add($"payment {paymentId}: captured − refunded {amounts} but its ledger says {ledger}");
                    }
                    net[orderId] = net.GetValueOrDefault(orderId) + ledger;
                }
            }
            foreach (var order in Orders.Where(o => o.Status is "Placed" or "Cancelled" or "PaymentFailed"))
            {
                var expected = order.Status == "Placed" ? order.Total : 0m;
                if (net.GetValueOrDefault(order.Id) != expected)
                {
                    broken.Add($"order {order.Id} ({order.Status}, total {order.Total}): Payment's ledger holds {net.GetValueOrDefault(order.Id)}");
                }
            }
            await using (var command = payments.CreateCommand("""
                SELECT e."TransactionId", SUM(e."Debit") - SUM(e."Credit") FROM ledger_entries e
                JOIN payments p ON p."Id" = e."PaymentId" WHERE p."OrderId" = ANY($1)
                GROUP BY e."TransactionId" HAVING SUM(e."Debit") <> SUM(e."Credit")
                """))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = allIds });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    broken.Add($"ledger transaction {reader.GetGuid(0)} does not balance (debit − credit {reader.GetDecimal(1)})");
                }
            }
        }

        // 3. Stock: per SKU, Redis (the public availability) equals the ledger's on-hand − reserved, never below zero,
        //    nothing reserved once every order ended, never more sold than stocked; one commit per Placed order line, none else.
        await using (var inventory = NpgsqlDataSource.Create(await ConnectionStringAsync("inventorydb", cancellationToken)))
        {
            await using (var command = inventory.CreateCommand("""
                SELECT "Sku",
                       COALESCE(SUM(CASE WHEN "Kind" IN ('Restock', 'Adjust', 'Return') THEN "Quantity" WHEN "Kind" = 'Commit' THEN -"Quantity" ELSE 0 END), 0)::int,
                       COALESCE(SUM(CASE WHEN "Kind" = 'Reserve' THEN "Quantity" WHEN "Kind" IN ('Commit', 'Release', 'Expire') THEN -"Quantity" ELSE 0 END), 0)::int,
                       COALESCE(SUM(CASE WHEN "Kind" = 'Commit' THEN "Quantity" ELSE 0 END), 0)::int
                FROM ledger WHERE "Sku" = ANY($1) GROUP BY "Sku"
                """))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = cast.Skus.ToArray() });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rows = new List<(string Sku, int OnHand, int Reserved, int Sold)>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
                }
                await reader.DisposeAsync();
                foreach (var (sku, onHand, reserved, sold) in rows)
                {
                    var available = await storefront.AvailableAsync(sku, cancellationToken);
                    if (available != onHand - reserved)
                    {
                        broken.Add($"{sku}: Redis says {available} available, the ledger {onHand} on hand − {reserved} reserved");
                    }
                    if (available < 0 || onHand < 0)
                    {
                        broken.Add($"{sku} is below zero (available {available}, on hand {onHand})");
                    }
                    if (reserved != 0)
                    {
                        broken.Add($"{sku}: {reserved} units still reserved though every order ended");
                    }
                    if (sold > cast.OnHandPerSku)
                    {
                        broken.Add($"{sku}: {sold} units sold of {cast.OnHandPerSku} stocked (oversold)");
                    }
                    var placedUnits = placed.SelectMany(o => o.Items).Where(i => i.Sku == sku).Sum(i => i.Quantity);
                    if (sold != placedUnits)
                    {
                        broken.Add($"{sku}: the ledger committed {sold} units, the Placed orders hold {placedUnits}");
                    }
                }
            }
            await using (var command = inventory.CreateCommand("""
                SELECT "OrderId", "Sku", COUNT(*)::int FROM ledger
                WHERE "Kind" = 'Commit' AND "OrderId" = ANY($1) GROUP BY "OrderId", "Sku"
                """))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = allIds });
                var commits = new Dictionary<(Guid, string), int>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    commits[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt32(2);
                }
                foreach (var order in Orders)
                {
                    foreach (var sku in order.Items.Select(i => i.Sku).Distinct())
                    {
                        var count = commits.GetValueOrDefault((order.Id, sku));
                        var expected = placedIds.Contains(order.Id) ? 1 : 0;
                        if (count != expected)
                        {
                            broken.Add($"order {order.Id} ({order.Status}): {count} commits of {sku} in Inventory's ledger, expected {expected}");
                        }
                    }
                }
            }
        }

        // 4. Effects of OrderPlaced, exactly once each: one confirmation (sent by e-mail) per Placed order in Notification,
        //    one purchase row per product in Recommendation, none for orders that were not placed.
        await using (var notifications = NpgsqlDataSource.Create(await ConnectionStringAsync("notificationsdb", cancellationToken)))
        await using (var command = notifications.CreateCommand("""
            SELECT n."Subject" || ' ' || n."TextBody",
                   (SELECT COUNT(*) FROM deliveries d WHERE d."NotificationId" = n."Id" AND d."Channel" = 'email' AND d."Status" = 'Sent')::int
            FROM notifications n WHERE n."Kind" = 'order-confirmation' AND n."UserId" = ANY($1)
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Orders.Select(o => o.CustomerId).Distinct().ToArray() });
            var confirmations = new List<(string Text, int Sent)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                confirmations.Add((reader.GetString(0), reader.GetInt32(1)));
            }
            foreach (var order in Orders)
            {
                // Notification's order number (NotificationTemplates.OrderNumber): the id's last 8 hex digits.
                var number = order.Id.ToString("N")[^8..].ToUpperInvariant();
                var mine = confirmations.Where(c => c.Text.Contains(number, StringComparison.Ordinal)).ToList();
                var expected = placedIds.Contains(order.Id) ? 1 : 0;
                if (mine.Count != expected || mine.Any(c => c.Sent != 1))
                {
                    broken.Add($"order {order.Id} ({order.Status}): {mine.Count} confirmations in Notification " +
                        $"(e-mails sent: {string.Join("/", mine.Select(c => c.Sent))}), expected {expected} sent once");
                }
            }
        }
        await using (var recommendations = NpgsqlDataSource.Create(await ConnectionStringAsync("recommendationdb", cancellationToken)))
        await using (var command = recommendations.CreateCommand("""
            SELECT "OrderId", COUNT(*)::int FROM purchases WHERE "OrderId" = ANY($1) GROUP BY "OrderId"
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = allIds });
            var purchases = new Dictionary<Guid, int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                purchases[reader.GetGuid(0)] = reader.GetInt32(1);
            }
            foreach (var order in Orders)
            {
                var expected = placedIds.Contains(order.Id) ? order.Items.Select(i => i.ProductId).Distinct().Count() : 0;
                if (purchases.GetValueOrDefault(order.Id) != expected)
                {
                    broken.Add($"order {order.Id} ({order.Status}): {purchases.GetValueOrDefault(order.Id)} purchases in Recommendation, expected {expected}");
                }
            }
        }

        // 5. No dead letter about these orders: every event about them was handled.
        foreach (var letter in await DeadLettersAsync(cancellationToken))
        {
            if (allIds.FirstOrDefault(id => letter.Body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)) is var id && id != Guid.Empty)
            {
                broken.Add($"dead letter in {letter.Queue} about order {id}: {letter.Body[..Math.Min(200, letter.Body.Length)]}");
            }
        }
        return broken;
    }

    /// <summary>Every order of the burst's customers, as Orders' public API lists them.</summary>
    private async Task<IReadOnlyList<OrderRow>> OrdersAsync(CancellationToken cancellationToken)
    {
        var orders = new List<OrderRow>();
        foreach (var customer in cast.Customers)
        {
            using var response = await storefront.SendAsync(HttpMethod.Get, "/api/orders?pageSize=100", customer, cancellationToken: cancellationToken);
            response.EnsureSuccessStatusCode();
            var page = (await response.Content.ReadFromJsonAsync<List<OrderView>>(cancellationToken))!;
            orders.AddRange(page.Select(o => new OrderRow(o.Id, CustomerIdOf(customer), o.Status, o.Total, o.Items)));
        }
        return orders;
    }

    /// <summary>The customer's id: the token's subject (Orders keeps it as the order's owner).</summary>
    private static Guid CustomerIdOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload));
        return Guid.Parse(json.RootElement.GetProperty("sub").GetString()!);
    }

    /// <summary>The dead letters of every consumer, looked at without taking them (left unacknowledged, they stay).</summary>
    private async Task<List<(string Queue, string Body)>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        var letters = new List<(string, string)>();
        var factory = new ConnectionFactory { Uri = new Uri(await ConnectionStringAsync("messaging", cancellationToken)) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        foreach (var queue in Consumers.Select(c => $"{c}.dead-letters"))
        {
            // A passive declare of a queue that does not exist closes the channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            uint count;
            try
            {
                count = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                continue;
            }
            for (var i = 0; i < count && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message; i++)
            {
                letters.Add((queue, System.Text.Encoding.UTF8.GetString(message.Body.Span)));
            }
            await channel.CloseAsync(cancellationToken);
        }
        return letters;
    }

    private async Task<string> ConnectionStringAsync(string name, CancellationToken cancellationToken) =>
        await fixture.App.GetConnectionStringAsync(name, cancellationToken) ?? throw new InvalidOperationException($"{name} has no connection string.");

    public sealed record OrderRow(Guid Id, Guid CustomerId, string Status, decimal Total, IReadOnlyList<OrderItem> Items);

    public sealed record OrderItem(Guid ProductId, string Sku, int Quantity);

    private sealed record OrderView(Guid Id, string Status, decimal Total, List<OrderItem> Items);
}
