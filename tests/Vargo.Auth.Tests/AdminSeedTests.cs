using Vargo.Testing;

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
