using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Vargo.ServiceDefaults.Tests;

/// <summary>Which connection strings get <c>No Reset On Close</c>, and that an explicit choice is kept.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void PostgreSQL_connection_strings_skip_the_reset_and_others_are_left_alone()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:authdb"] = "Host=localhost;Database=authdb;No Reset On Close=false",
            ["ConnectionStrings:redis"] = "localhost:6379,password=secret",
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@localhost:5672",
            ["ConnectionStrings:catalogdb"] = "mongodb://localhost:27017/catalog",
        });
        configuration["ConnectionStrings:ordersdb"] = "Host=localhost;Port=5432;Username=postgres;Password=\"a;b\";Database=ordersdb";

        PostgresConnectionDefaults.DisableResetOnClose(configuration);

        var orders = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configuration.GetConnectionString("ordersdb") };
        Assert.Equal("true", orders[PostgresConnectionDefaults.NoResetOnClose]);
        Assert.Equal("a;b", orders["Password"]);
        Assert.Equal("ordersdb", orders["Database"]);
        // Npgsql itself reads it so.
        Assert.True(new Npgsql.NpgsqlConnectionStringBuilder(configuration.GetConnectionString("ordersdb")).NoResetOnClose);
        Assert.Equal("Host=localhost;Database=authdb;No Reset On Close=false", configuration.GetConnectionString("authdb"));
        Assert.Equal("localhost:6379,password=secret", configuration.GetConnectionString("redis"));
        Assert.Equal("amqp://guest:guest@localhost:5672", configuration.GetConnectionString("messaging"));
        Assert.Equal("mongodb://localhost:27017/catalog", configuration.GetConnectionString("catalogdb"));
    }
}
