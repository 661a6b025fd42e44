using System.Net;
using System.Text.Json;
using Xunit;

namespace Vargo.Testing;

/// <summary>Checks an answer is an RFC 9457 problem of Vargo's shared set (<c>urn:vargo:problems:*</c>).</summary>
public static class Problems
{
    /// <summary>Asserts a 400 <c>application/problem+json</c> of <paramref name="type"/> whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task AssertBadRequestAsync(HttpResponseMessage response, string field, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
