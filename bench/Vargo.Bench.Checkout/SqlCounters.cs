using Npgsql;

namespace Vargo.Bench.Checkout;

/// <summary>
/// PostgreSQL's own counts of what a row of the load made each service's database do: committed and rolled-back
/// transactions per database (<c>pg_stat_database</c>, always there) and executed statements per database and per
/// statement text (<c>pg_stat_statements</c>, which the local server preloads; without it the statement counts are
/// absent). Statements, not round trips: a batched command counts each of its statements.
/// </summary>
internal sealed class SqlCounters(string connectionString)
{
    private bool statementsAvailable;

    /// <summary>Creates the extension's view once; false when the server was started without the library preloaded.</summary>
    public async Task<bool> EnableAsync()
    {
        try
        {
            await using var connection = await OpenAsync();
            await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await create.ExecuteNonQueryAsync();
            await using var probe = new NpgsqlCommand("SELECT count(*) FROM pg_stat_statements", connection);
            await probe.ExecuteScalarAsync();
            statementsAvailable = true;
        }
        catch (PostgresException)
        {
            statementsAvailable = false; // "must be loaded via shared_preload_libraries"
        }
        return statementsAvailable;
    }

    /// <summary>Starts a row: clears the statement counts and keeps the transaction counters to subtract later.</summary>
    public async Task<SqlSnapshot> StartAsync()
    {
        await using var connection = await OpenAsync();
        if (statementsAvailable)
        {
            await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
            await reset.ExecuteNonQueryAsync();
        }
        return new SqlSnapshot(await TransactionsAsync(connection), []);
    }

    /// <summary>Ends a row: transactions since <paramref name="start"/> and the statements counted since its reset.</summary>
    public async Task<SqlSnapshot> StopAsync(SqlSnapshot start)
    {
        // Backends report their transaction counts to the statistics system at most once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var connection = await OpenAsync();
        var transactions = (await TransactionsAsync(connection))
            .ToDictionary(t => t.Key, t => t.Value - start.Transactions.GetValueOrDefault(t.Key));
        var statements = new List<SqlStatement>();
        if (statementsAvailable)
        {
            await using var read = new NpgsqlCommand(
                """
                SELECT d.datname, s.calls, s.total_exec_time, s.query
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname <> 'postgres'
                """, connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                statements.Add(new SqlStatement(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetString(3)));
            }
        }
        return new SqlSnapshot(transactions, statements);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<Dictionary<string, long>> TransactionsAsync(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand(
            "SELECT datname, xact_commit + xact_rollback FROM pg_stat_database WHERE datname IS NOT NULL AND datname <> 'postgres' AND NOT datname LIKE 'template%'",
            connection);
        await using var reader = await read.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }
}

/// <summary>Transactions per database and, when available, every statement's calls and total execution time (ms).</summary>
internal sealed record SqlSnapshot(Dictionary<string, long> Transactions, List<SqlStatement> Statements);

internal sealed record SqlStatement(string Database, long Calls, double TotalMs, string Query);
