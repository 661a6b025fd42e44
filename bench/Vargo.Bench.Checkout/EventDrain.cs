using System.Diagnostics;
using Npgsql;

namespace Vargo.Bench.Checkout;

/// <summary>
/// Waits until every OrderPlaced that Orders has written is consumed by each service that consumes it (its inbox holds
/// as many OrderPlaced rows as Orders' outbox, and Orders' outbox has nothing left to relay). The consumers run behind
/// the load, so CPU and statements measured over the row alone leave out part of what its checkouts cause; measured up
/// to this point, they include it.
/// </summary>
internal sealed class EventDrain(string serverConnectionString)
{
    private static readonly string[] Consumers = ["inventorydb", "notificationsdb", "recommendationdb"];

    /// <summary>How long it took after the call, or null when the backlog had not drained within <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> WaitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var (placed, unsent) = await OrdersOutboxAsync();
            var consumed = new List<long>();
            foreach (var database in Consumers)
            {
                consumed.Add(await ScalarAsync(database, "SELECT count(*) FROM inbox WHERE event_type = 'OrderPlaced'"));
            }
            if (unsent == 0 && consumed.All(c => c >= placed))
            {
                return clock.Elapsed;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        return null;
    }

    private async Task<(long Placed, long Unsent)> OrdersOutboxAsync() => (
        await ScalarAsync("ordersdb", "SELECT count(*) FROM outbox WHERE event_type = 'OrderPlaced'"),
        await ScalarAsync("ordersdb", "SELECT count(*) FROM outbox WHERE sent_at IS NULL"));

    private async Task<long> ScalarAsync(string database, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database, Pooling = true };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
