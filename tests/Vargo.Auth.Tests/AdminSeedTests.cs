using Vargo.Testing;
using Vargo.Testing.Hosting;

namespace Vargo.Auth.Tests;

public sealed class AdminSeedTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    private const string AdminEmail = "root@vargo.test";
    private const string AdminPassword = "generated-by-the-apphost-42";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Admin:Email"] = AdminEmail,
        ["Auth:Admin:Password"] = AdminPassword,
    };

    [Fact]
    public async Task The_configured_admin_can_log_in_with_the_admin_role()
    {
        var tokens = await Client.LoginOkAsync(AdminEmail, AdminPassword);

        var roles = tokens.Jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ToList();
        Assert.Contains("admin", roles);
    }

    [Fact]
    public async Task A_customer_is_not_an_admin()
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());

        Assert.DoesNotContain(tokens.Jwt.Claims, c => c.Type == "roles" && c.Value == "admin");
    }
}

public sealed class DemoCustomerSeedTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    private const string DemoEmail = "demo@vargo.test";
    private const string DemoPassword = "generated-by-the-apphost-7";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:DemoCustomer:Email"] = DemoEmail,
        ["Auth:DemoCustomer:Password"] = DemoPassword,
    };

    [Fact]
    public async Task The_configured_demo_customer_signs_in_as_a_customer_and_not_as_an_admin()
    {
        var tokens = await Client.LoginOkAsync(DemoEmail, DemoPassword);

        var roles = tokens.Jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ToList();
        Assert.Contains("customer", roles);
        Assert.DoesNotContain("admin", roles);
    }
}

[Collection(AuthServersCollection.Name)]
public sealed class RefusedAdminPasswordTests(PostgresAndRabbitMQFixture servers)
{
    [Fact]
    public async Task An_admin_password_the_policy_refuses_stops_the_start_naming_the_rule_it_broke()
    {
        var database = await servers.Servers.CreateDatabaseAsync("auth", TestContext.Current.CancellationToken);
        var messaging = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken);
        await using var factory = new ServiceHost<Program>()
            .WithEnvironment("Development")
            .WithSetting("ConnectionStrings:authdb", database)
            .WithSetting("ConnectionStrings:messaging", messaging)
            .WithSetting("Identity:Url", AuthServiceTest.Issuer)
            .WithSetting("Auth:Admin:Email", "admin@vargo.test")
            // Contains the address's local part: long enough, but too close to the email.
            .WithSetting("Auth:Admin:Password", "admin-is-my-password");

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = error.ToString();
        Assert.Contains("The admin account admin@vargo.test could not be created", message);
        Assert.Contains("PasswordTooCommon: This password is too common or too close to the email address", message);
        Assert.DoesNotContain("admin-is-my-password", message);
    }

    [Fact]
    public async Task A_data_folder_whose_admin_has_another_password_keeps_it_and_the_start_says_so()
    {
        var database = await servers.Servers.CreateDatabaseAsync("auth", TestContext.Current.CancellationToken);
        var messaging = await servers.Servers.GetConnectionStringAsync(LocalServers.RabbitMQ, TestContext.Current.CancellationToken);
        ServiceHost<Program> Start(string password) => new ServiceHost<Program>()
            .WithEnvironment("Development")
            .WithSetting("ConnectionStrings:authdb", database)
            .WithSetting("ConnectionStrings:messaging", messaging)
            .WithSetting("Identity:Url", AuthServiceTest.Issuer)
            .WithSetting("Auth:Admin:Email", "keeper@vargo.test")
            .WithSetting("Auth:Admin:Password", password)
            .CapturingLogsAndTraces();
        await using (var first = Start("the-first-run-made-this-1"))
        {
            first.CreateClient().Dispose();
            Assert.DoesNotContain(first.CapturedLogs, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("admin-password parameter", StringComparison.Ordinal));
        }

        await using var second = Start("a-newer-parameter-value-2");
        using var client = second.CreateClient();

        Assert.Contains(second.CapturedLogs, line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("keeper@vargo.test already exists with a password other than the admin-password parameter", StringComparison.Ordinal));
        Assert.DoesNotContain(second.CapturedLogs, line => line.Contains("a-newer-parameter-value-2", StringComparison.Ordinal) || line.Contains("the-first-run-made-this-1", StringComparison.Ordinal));
        await client.LoginOkAsync("keeper@vargo.test", "the-first-run-made-this-1");
    }
}
