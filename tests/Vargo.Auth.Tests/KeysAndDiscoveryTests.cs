using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Vargo.Testing;

namespace Vargo.Auth.Tests;

public sealed class KeysAndDiscoveryTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    // Read the key table on every use, so a test's change to it shows at once.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Signing:CacheDuration"] = "00:00:00",
    };

    [Fact]
    public async Task Discovery_points_at_the_JWKS_that_verifies_issued_tokens()
    {
        var discovery = await Client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Issuer, discovery.GetProperty("issuer").GetString());
        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        Assert.Equal(Issuer, jwksUri.GetLeftPart(UriPartial.Authority));

        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());
        var keys = await GetKeysAsync();

        // Verified the way any other service does: only with what the JWKS publishes.
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.access_token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "vargo",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Contains(tokens.Jwt.Kid, keys.Keys.Select(k => k.Kid));
        Assert.All(keys.Keys, key => Assert.False(key.HasPrivateKey));
    }

    [Fact]
    public async Task After_rotation_new_tokens_use_the_new_key_and_old_tokens_stay_valid_until_they_expire()
    {
        var email = AuthTestClient.NewEmail();
        var before = await Client.RegisterAndLoginAsync(email);

        // The active key reaches its lifetime (30 days by default).
        await ExecuteAsync("""UPDATE "SigningKeys" SET "ActivatesAt" = "ActivatesAt" - interval '31 days', "CreatedAt" = "CreatedAt" - interval '31 days'""");

        var after = await Client.LoginOkAsync(email);
        Assert.NotEqual(before.Jwt.Kid, after.Jwt.Kid);

        var published = (await GetKeysAsync()).Keys.Select(k => k.Kid).ToList();
        Assert.Contains(before.Jwt.Kid, published);
        Assert.Contains(after.Jwt.Kid, published);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetWithTokenAsync("/api/auth/me", before.access_token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetWithTokenAsync("/api/auth/me", after.access_token)).StatusCode);
    }

    [Fact]
    public async Task A_retired_key_is_withdrawn_once_its_last_token_has_expired()
    {
        var email = AuthTestClient.NewEmail();
        var old = await Client.RegisterAndLoginAsync(email);
        await ExecuteAsync("""UPDATE "SigningKeys" SET "ActivatesAt" = "ActivatesAt" - interval '31 days', "CreatedAt" = "CreatedAt" - interval '31 days'""");
        var current = await Client.LoginOkAsync(email);

        // The successor has been signing for longer than an access token lives.
        await ExecuteAsync($"""UPDATE "SigningKeys" SET "ActivatesAt" = "ActivatesAt" - interval '20 minutes' WHERE "Id" = '{current.Jwt.Kid}'""");

        var published = (await GetKeysAsync()).Keys.Select(k => k.Kid).ToList();
        Assert.DoesNotContain(old.Jwt.Kid, published);
        Assert.Contains(current.Jwt.Kid, published);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetWithTokenAsync("/api/auth/me", old.access_token)).StatusCode);
    }

    [Fact]
    public async Task The_next_key_is_published_before_it_signs()
    {
        var email = AuthTestClient.NewEmail();
        var before = await Client.RegisterAndLoginAsync(email);

        // One hour before the end of the active key's lifetime: inside the two-hour publish-ahead window.
        await ExecuteAsync("""UPDATE "SigningKeys" SET "ActivatesAt" = "ActivatesAt" - interval '29 days 23 hours'""");

        var still = await Client.LoginOkAsync(email);
        Assert.Equal(before.Jwt.Kid, still.Jwt.Kid);
        var published = (await GetKeysAsync()).Keys.Select(k => k.Kid).ToList();
        Assert.Equal(2, published.Count);
        Assert.Contains(before.Jwt.Kid, published);
    }

    [Fact]
    public async Task Private_keys_are_stored_protected()
    {
        await Client.GetAsync("/.well-known/jwks", TestContext.Current.CancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("""SELECT "ProtectedPrivateKey" FROM "SigningKeys" """);
        var stored = (byte[])(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;

        // A PKCS#8 RSA key is a DER SEQUENCE (0x30 …) holding the rsaEncryption OID; the stored blob is neither.
        Assert.NotEqual(0x30, stored[0]);
        Assert.Equal(-1, stored.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]));
    }

    private async Task<JsonWebKeySet> GetKeysAsync() =>
        new(await Client.GetStringAsync("/.well-known/jwks"));

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
