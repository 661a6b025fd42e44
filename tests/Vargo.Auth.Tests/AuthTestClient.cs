using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Vargo.Auth.Tests;

public sealed record Tokens(string access_token, string token_type, int expires_in, string refresh_token)
{
    public JsonWebToken Jwt => new(access_token);
}

/// <summary>The calls every flow test makes, over the service's HTTP API.</summary>
public static class AuthTestClient
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string password = Password, string name = "Ada Lovelace") =>
        client.PostAsJsonAsync("/api/auth/register", new { email, password, displayName = name });

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password });

    public static Task<HttpResponseMessage> RefreshAsync(this HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    public static async Task<Tokens> RegisterAndLoginAsync(this HttpClient client, string email, string password = Password)
    {
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(email, password)).StatusCode);
        return await client.LoginOkAsync(email, password);
    }

    public static async Task<Tokens> LoginOkAsync(this HttpClient client, string email, string password = Password)
    {
        var response = await client.LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static Task<HttpResponseMessage> GetWithTokenAsync(this HttpClient client, string path, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendWithTokenAsync(this HttpClient client, HttpMethod method, string path, string accessToken, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }
}
