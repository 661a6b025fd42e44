using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Vargo.Testing;

namespace Vargo.AppHost.Tests.Flows;

/// <summary>
/// Auth in the whole system: accounts through the gateway, UserRegistered reaching Notification, and tokens
/// checked by a service other than Auth (Notification's <c>GET /api/notifications/me</c>, which validates
/// with ServiceDefaults' <c>AddDefaultAuthentication</c> against Auth's discovery document and JWKS).
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class AuthFlowTests(VargoAppFixture fixture)
{
    private const string Password = "correct horse battery staple";
    private const string ProtectedService = "/api/notifications/me";

    [Fact]
    public async Task Register_login_me_refresh_logout_through_the_gateway()
    {
        using var client = fixture.CreateGatewayClient();
        var email = NewEmail();

        var tokens = await RegisterAndLoginAsync(client, email);
        var me = await SendAsync(client, HttpMethod.Get, "/api/auth/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await me.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("email").GetString());

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = (await refreshed.Content.ReadFromJsonAsync<TokenPair>(cancellationToken: TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = next.RefreshToken }, cancellationToken: TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = next.RefreshToken }, cancellationToken: TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Registering_sends_the_welcome_email()
    {
        using var client = fixture.CreateGatewayClient();
        var email = NewEmail();
        var tokens = await RegisterAndLoginAsync(client, email);

        var mail = Path.Combine(fixture.App.Services.GetRequiredService<IConfiguration>()["DataDirectory"]!, "mail");
        var welcome = await Eventually.ValueAsync(() => Task.FromResult(Directory.Exists(mail)
            ? Directory.EnumerateFiles(mail, "*.eml").Select(File.ReadAllText).FirstOrDefault(text => text.Contains(email, StringComparison.OrdinalIgnoreCase))
            : null), "Notification wrote the welcome e-mail", TimeSpan.FromSeconds(90));
        Assert.Contains("Welcome", welcome, StringComparison.Ordinal);

        // Notification knows the user by the id in the token Auth issued.
        var mine = await SendAsync(client, HttpMethod.Get, ProtectedService, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("welcome", await mine.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_first_admin_is_the_email_set_through_configuration()
    {
        using var client = fixture.CreateGatewayClient();
        var password = await fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == "admin-password").GetValueAsync(TestContext.Current.CancellationToken);

        // The email is not read back from the parameter: it is what the fixture configured (--Parameters:admin-email).
        var admin = await LoginAsync(client, VargoAppFixture.AdminEmail, password!);

        var me = await SendAsync(client, HttpMethod.Get, "/api/auth/me", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var profile = await me.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(VargoAppFixture.AdminEmail, profile.GetProperty("email").GetString());
        Assert.Contains("admin", profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_first_admin_comes_from_the_AppHost_parameters()
    {
        using var client = fixture.CreateGatewayClient();
        var parameters = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();
        var email = await parameters.Single(p => p.Name == "admin-email").GetValueAsync(TestContext.Current.CancellationToken);
        var password = await parameters.Single(p => p.Name == "admin-password").GetValueAsync(TestContext.Current.CancellationToken);

        var admin = await LoginAsync(client, email!, password!);
        var customer = await RegisterAndLoginAsync(client, NewEmail());

        // Notification's admin endpoint trusts the role claim Auth put in the token.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/notifications/admin/notifications", admin.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/notifications/admin/notifications", customer.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Another_service_accepts_genuine_tokens_and_rejects_every_forgery()
    {
        using var client = fixture.CreateGatewayClient();
        var genuine = await RegisterAndLoginAsync(client, NewEmail());
        var (kid, key) = await ReadActiveSigningKeyAsync();
        var claims = Decode(genuine.AccessToken.Split('.')[1]);
        var issuer = claims["iss"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        JsonObject Claims(Action<JsonObject>? change = null)
        {
            var payload = JsonNode.Parse(claims.ToJsonString())!.AsObject();
            payload["iat"] = now;
            payload["nbf"] = now;
            payload["exp"] = now + 600;
            payload["jti"] = Guid.NewGuid().ToString("N");
            change?.Invoke(payload);
            return payload;
        }

        // Controls: the real token, and one the test signs with Auth's real key, both pass; so each refusal
        // below is down to the one thing that forgery changes.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, ProtectedService, genuine.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, ProtectedService, Sign(Header("RS256", kid), Claims(), key))).StatusCode);

        using var otherKey = RSA.Create(2048);
        var genuineParts = genuine.AccessToken.Split('.');
        var tamperedPayload = Claims(p => p["roles"] = new JsonArray("customer", "admin"));
        var forgeries = new Dictionary<string, string>
        {
            ["expired"] = Sign(Header("RS256", kid), Claims(p => { p["iat"] = now - 3600; p["nbf"] = now - 3600; p["exp"] = now - 120; }), key),
            ["signed by another key"] = Sign(Header("RS256", kid), Claims(), otherKey),
            ["alg none"] = $"{Encode(Header("none", kid))}.{Encode(Claims())}.",
            ["HS256 keyed with the public key"] = SignHmac(Header("HS256", kid), Claims(), key.ExportSubjectPublicKeyInfo()),
            ["wrong audience"] = Sign(Header("RS256", kid), Claims(p => p["aud"] = "another-app"), key),
            ["wrong issuer"] = Sign(Header("RS256", kid), Claims(p => p["iss"] = "http://attacker.invalid"), key),
            ["not an access token (typ JWT)"] = Sign(Header("RS256", kid, "JWT"), Claims(), key),
            ["tampered payload"] = $"{genuineParts[0]}.{Encode(tamperedPayload)}.{genuineParts[2]}",
        };

        foreach (var (attack, token) in forgeries)
        {
            var response = await SendAsync(client, HttpMethod.Get, ProtectedService, token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{attack}: {(int)response.StatusCode}");
        }
    }

    private async Task<(string Kid, RSA Key)> ReadActiveSigningKeyAsync()
    {
        // An attacker's view: the database. The private key is only usable with the Data Protection key ring
        // (application name "vargo-auth") stored beside it, which is what lets this test forge realistic tokens.
        await using var dataSource = NpgsqlDataSource.Create((await fixture.App.GetConnectionStringAsync("authdb"))!);
        var ring = new List<XElement>();
        await using (var command = dataSource.CreateCommand("""SELECT "Xml" FROM "DataProtectionKeys" """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ring.Add(XElement.Parse(reader.GetString(0)));
            }
        }

        string kid;
        byte[] protectedKey;
        await using (var command = dataSource.CreateCommand("""SELECT "Id", "ProtectedPrivateKey" FROM "SigningKeys" WHERE "ActivatesAt" <= now() ORDER BY "ActivatesAt" DESC LIMIT 1"""))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            kid = reader.GetString(0);
            protectedKey = (byte[])reader[1];
        }

        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("vargo-auth");
        services.Configure<KeyManagementOptions>(options =>
        {
            options.XmlRepository = new ReadOnlyXmlRepository(ring);
            options.AutoGenerateKeys = false;
        });
        using var provider = services.BuildServiceProvider();
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(provider.GetDataProtectionProvider().CreateProtector("Vargo.Auth.SigningKeys.v1").Unprotect(protectedKey), out _);
        return (kid, rsa);
    }

    private static JsonObject Header(string alg, string kid, string typ = "at+jwt") => new() { ["alg"] = alg, ["typ"] = typ, ["kid"] = kid };

    private static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        var unsigned = $"{Encode(header)}.{Encode(payload)}";
        return $"{unsigned}.{Base64Url(key.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
    }

    private static string SignHmac(JsonObject header, JsonObject payload, byte[] secret)
    {
        var unsigned = $"{Encode(header)}.{Encode(payload)}";
        return $"{unsigned}.{Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    private static string Encode(JsonNode node) => Base64Url(Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject Decode(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        return JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
    }

    private static string NewEmail() => $"flow-{Guid.NewGuid():N}@example.com";

    private static async Task<TokenPair> RegisterAndLoginAsync(HttpClient client, string email)
    {
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "Flow Tester" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await LoginAsync(client, email, Password);
    }

    private static async Task<TokenPair> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string accessToken)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }

    private sealed record TokenPair(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string RefreshToken);

    private sealed class ReadOnlyXmlRepository(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName) =>
            throw new InvalidOperationException("The test only reads Auth's key ring.");
    }
}
