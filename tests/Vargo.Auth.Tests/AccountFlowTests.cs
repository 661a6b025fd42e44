using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Vargo.Testing;

namespace Vargo.Auth.Tests;

public sealed class AccountFlowTests(PostgresAndRabbitMQFixture servers) : AuthServiceTest(servers)
{
    [Fact]
    public async Task Register_login_me_refresh_logout()
    {
        var email = AuthTestClient.NewEmail();

        var registered = await Client.RegisterAsync(email);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var tokens = await Client.LoginOkAsync(email);
        var jwt = tokens.Jwt;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal(Issuer, jwt.Issuer);
        Assert.Equal(["vargo"], jwt.Audiences);
        Assert.Equal(email, jwt.GetClaim("email").Value);
        Assert.Equal("Ada Lovelace", jwt.GetClaim("name").Value);
        Assert.Equal(["customer"], jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);
        Assert.Equal(900, tokens.expires_in);

        var me = await Client.GetWithTokenAsync("/api/auth/me", tokens.access_token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var profile = await me.Content.ReadFromJsonAsync<ProfileDto>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(email, profile!.Email);
        Assert.Equal(jwt.Subject, profile.Id.ToString());

        var refreshed = await Client.RefreshAsync(tokens.refresh_token);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = (await refreshed.Content.ReadFromJsonAsync<Tokens>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.NotEqual(tokens.refresh_token, next.refresh_token);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetWithTokenAsync("/api/auth/me", next.access_token)).StatusCode);

        var logout = await Client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = next.refresh_token }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RefreshAsync(next.refresh_token)).StatusCode);
    }

    [Fact]
    public async Task Registering_queues_UserRegistered_in_the_outbox_once()
    {
        var email = AuthTestClient.NewEmail();
        var created = await (await Client.RegisterAsync(email)).Content.ReadFromJsonAsync<RegisteredUserDto>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.RegisterAsync(email)).StatusCode);

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT payload::text FROM outbox WHERE event_type = 'UserRegistered'");
        var payloads = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                payloads.Add(reader.GetString(0));
            }
        }

        // One event for the one account: the refused duplicate left nothing behind.
        var payload = Assert.Single(payloads);
        Assert.Contains(created!.Id.ToString(), payload, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(email, payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_without_a_token_is_unauthorized()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_same_email_in_any_case_registers_once()
    {
        var email = AuthTestClient.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await Client.RegisterAsync(email)).StatusCode);

        var again = await Client.RegisterAsync(email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("short1!", "PasswordTooShort")]
    [InlineData("password123", "PasswordTooCommon")]
    [InlineData("aaaaaaaaaaaaaaa", "PasswordTooCommon")]
    public async Task A_weak_password_is_refused_naming_the_rule(string password, string rule)
    {
        var response = await Client.RegisterAsync(AuthTestClient.NewEmail(), password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(problem!.Errors["password"], message => message.StartsWith(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_registration_fields_are_named()
    {
        var response = await Client.PostAsJsonAsync("/api/auth/register", new { email = "not-an-email", password = "", displayName = " " }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["displayName", "email", "password"], problem!.Errors.Keys.Order());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = AuthTestClient.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await Client.RegisterAsync(email)).StatusCode);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client.LoginAsync(email, "wrong password " + attempt)).StatusCode);
        }
        var fifth = await Client.LoginAsync(email, "wrong password 5");
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);

        // Even the right password is refused now, with a problem type a client can recognise.
        var locked = await Client.LoginAsync(email);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var problem = await locked.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("urn:vargo:problems:account-locked", problem!.Type);
        var retryAfter = int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 14 * 60, 15 * 60);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var response = await Client.LoginAsync(AuthTestClient.NewEmail());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:vargo:problems:invalid-credentials", (await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken: TestContext.Current.CancellationToken))!.Type);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_family()
    {
        var email = AuthTestClient.NewEmail();
        var first = await Client.RegisterAndLoginAsync(email);
        var otherSession = await Client.LoginOkAsync(email);

        var second = (await (await Client.RefreshAsync(first.refresh_token)).Content.ReadFromJsonAsync<Tokens>(cancellationToken: TestContext.Current.CancellationToken))!;

        // The stolen copy of the first token comes back: refused, and the thief's success would not matter,
        // because the legitimate newest token is now dead too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RefreshAsync(first.refresh_token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RefreshAsync(second.refresh_token)).StatusCode);

        // Another login of the same account is another family and lives on.
        Assert.Equal(HttpStatusCode.OK, (await Client.RefreshAsync(otherSession.refresh_token)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_revokes_every_refresh_token()
    {
        var email = AuthTestClient.NewEmail();
        var sessionA = await Client.RegisterAndLoginAsync(email);
        var sessionB = await Client.LoginOkAsync(email);
        const string newPassword = "a much longer new passphrase";

        var wrongCurrent = await Client.SendWithTokenAsync(HttpMethod.Post, "/api/auth/me/password", sessionA.access_token,
            new { currentPassword = "not it at all", newPassword });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Contains("currentPassword", (await wrongCurrent.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken))!.Errors.Keys);

        var changed = await Client.SendWithTokenAsync(HttpMethod.Post, "/api/auth/me/password", sessionA.access_token,
            new { currentPassword = AuthTestClient.Password, newPassword });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RefreshAsync(sessionA.refresh_token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RefreshAsync(sessionB.refresh_token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.LoginAsync(email)).StatusCode);
        await Client.LoginOkAsync(email, newPassword);
    }

    [Fact]
    public async Task The_profile_can_be_edited()
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());
        var update = new
        {
            displayName = "Grace Hopper",
            phone = "+33 6 12 34 56 78",
            addresses = new[] { new { label = "home", recipient = "Grace Hopper", line1 = "1 rue de Rivoli", city = "Paris", postalCode = "75001", country = "fr" } },
            notificationPreferences = new { orderUpdatesByEmail = false, orderUpdatesBySms = true, promotions = true },
        };

        var put = await Client.SendWithTokenAsync(HttpMethod.Put, "/api/auth/me", tokens.access_token, update);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var profile = (await (await Client.GetWithTokenAsync("/api/auth/me", tokens.access_token)).Content.ReadFromJsonAsync<ProfileDto>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal("Grace Hopper", profile.DisplayName);
        Assert.Equal("+33 6 12 34 56 78", profile.Phone);
        var address = Assert.Single(profile.Addresses);
        Assert.Equal(("1 rue de Rivoli", "Paris", "75001", "FR"), (address.Line1, address.City, address.PostalCode, address.Country));
        Assert.Equal(new NotificationPreferencesDto(false, true, true), profile.NotificationPreferences);
    }

    [Fact]
    public async Task A_bad_profile_field_is_named()
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());

        var put = await Client.SendWithTokenAsync(HttpMethod.Put, "/api/auth/me", tokens.access_token, new
        {
            displayName = "Grace",
            phone = "call me",
            addresses = new[] { new { recipient = "Grace", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "Freedonia" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["addresses[0].country", "phone"], problem!.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_second_profile_update_replaces_the_addresses()
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());

        foreach (var city in new[] { "Springfield", "Shelbyville", "Ogdenville" })
        {
            var put = await Client.SendWithTokenAsync(HttpMethod.Put, "/api/auth/me", tokens.access_token, ProfileWithAddressIn(city));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var profile = (await (await Client.GetWithTokenAsync("/api/auth/me", tokens.access_token)).Content.ReadFromJsonAsync<ProfileDto>(cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal("Ogdenville", Assert.Single(profile.Addresses).City);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_profile_answer_OK_or_conflict()
    {
        var tokens = await Client.RegisterAndLoginAsync(AuthTestClient.NewEmail());

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Client.SendWithTokenAsync(HttpMethod.Put, "/api/auth/me", tokens.access_token, ProfileWithAddressIn($"City {i}"))));

        // Which copies conflict depends on scheduling; that none fails and that a conflict is a 409 does not.
        var unexpected = answers.Where(a => a.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", await Task.WhenAll(unexpected.Select(async a => $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync()}"))));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("urn:vargo:problems:conflict", (await conflict.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken: TestContext.Current.CancellationToken))!.Type);
        }
    }

    private static object ProfileWithAddressIn(string city) => new
    {
        displayName = "Grace",
        phone = "+33 6 12 34 56 78",
        addresses = new[] { new { label = "home", recipient = "Grace", line1 = "1 Main St", city, postalCode = "12345", country = "US" } },
    };

    public sealed record RegisteredUserDto(Guid Id, string Email, string DisplayName);

    public sealed record AddressDto(string? Label, string Recipient, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);

    public sealed record NotificationPreferencesDto(bool OrderUpdatesByEmail, bool OrderUpdatesBySms, bool Promotions);

    public sealed record ProfileDto(Guid Id, string Email, string DisplayName, string? Phone, List<AddressDto> Addresses,
        NotificationPreferencesDto NotificationPreferences, List<string> Roles);
}
