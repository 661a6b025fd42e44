using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Connection-pool defaults for every PostgreSQL connection string a service is given (<c>ConnectionStrings:*</c>, from
/// the AppHost in every infrastructure mode, or from a test fixture).
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>Npgsql's keyword for skipping the reset of a pooled connection when it is returned.</summary>
    public const string NoResetOnClose = "No Reset On Close";

    /// <summary>
    /// Adds <c>No Reset On Close=true</c> to each PostgreSQL connection string that does not say otherwise. By default
    /// Npgsql sends <c>DISCARD ALL</c> before reusing a pooled connection: one extra round trip per connection open, and
    /// EF Core opens one per query or SaveChanges outside a transaction (the most frequent statement of a checkout:
    /// 15.5 per checkout in ordersdb). The reset only matters to code that leaves session state behind, and Vargo
    /// keeps none: its advisory locks are <c>pg_advisory_xact_lock</c> and its settings <c>SET LOCAL</c> (both end with
    /// the transaction), nothing uses LISTEN, temporary tables or explicit prepared statements, and Npgsql rolls back a
    /// transaction left open on close either way. Code that needs session state must use the transaction-scoped forms,
    /// or name <c>No Reset On Close=false</c> in its connection string. Other connection strings (Redis, RabbitMQ,
    /// MongoDB URLs) are left alone.
    /// </summary>
    public static void DisableResetOnClose(IConfigurationManager configuration)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var entry in configuration.GetSection("ConnectionStrings").GetChildren())
        {
            if (entry.Value is not { } value || value.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }
            var parsed = new DbConnectionStringBuilder();
            try
            {
                parsed.ConnectionString = value;
            }
            catch (ArgumentException)
            {
                continue; // not keyword=value pairs: not an Npgsql connection string
            }
            var isPostgres = (parsed.ContainsKey("Host") || parsed.ContainsKey("Server")) && parsed.ContainsKey("Database");
            if (!isPostgres || parsed.ContainsKey(NoResetOnClose) || parsed.ContainsKey("NoResetOnClose"))
            {
                continue;
            }
            parsed[NoResetOnClose] = "true";
            overrides[entry.Path] = parsed.ConnectionString;
        }
        if (overrides.Count > 0)
        {
            // Added last, so these values win over the sources they were read from.
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
