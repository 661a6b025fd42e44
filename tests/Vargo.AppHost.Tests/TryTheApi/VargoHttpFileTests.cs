using System.Net.Http.Headers;
using System.Text;
using Vargo.AppHost.Tests.Flows;

namespace Vargo.AppHost.Tests.TryTheApi;

/// <summary>
/// The repository's <c>vargo.http</c> (the journey a developer clicks through in their editor) runs end to end against
/// the app: every request in file order, variables and response captures substituted as the editors do, and each
/// answer's status checked against the request's <c># expect</c> line.
/// </summary>
[Collection(VargoAppCollection.Name)]
public sealed class VargoHttpFileTests(VargoAppFixture fixture, ITestOutputHelper output) : StorefrontFlowTests(fixture)
{
    [Fact]
    public async Task Every_request_of_vargo_http_answers_as_expected_in_file_order()
    {
        var file = HttpFile.Parse(await File.ReadAllTextAsync(RepositoryFile("vargo.http"), TestContext.Current.CancellationToken));
        Assert.True(file.Requests.Count >= 10, $"vargo.http has only {file.Requests.Count} requests.");
        Assert.All(file.Requests, r => Assert.NotNull(r.ExpectedStatus));

        using var client = Fixture.CreateGatewayClient();
        var (adminEmail, adminPassword) = await AdminCredentialsAsync();
        // What a developer sets by hand in the file (or an editor's environment file) comes from this app instead.
        var variables = new Dictionary<string, string>(file.Variables, StringComparer.Ordinal)
        {
            ["gateway"] = client.BaseAddress!.ToString().TrimEnd('/'),
            ["adminEmail"] = adminEmail,
            ["adminPassword"] = adminPassword,
        };
        // $timestamp makes the e-mail new on every run; a GUID beside it keeps two runs in the same second apart.
        var run = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-{Guid.NewGuid():N}"[..24];
        var session = new HttpFileSession(variables, name => name switch
        {
            "$timestamp" => run,
            _ => throw new InvalidOperationException($"The runner does not know the dynamic variable {name}."),
        });

        foreach (var request in file.Requests)
        {
            using var message = ToMessage(request, session);
            using var response = await client.SendAsync(message, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            output.WriteLine($"{(int)response.StatusCode} {request.Title}");
            Assert.True((int)response.StatusCode == request.ExpectedStatus,
                $"{request.Title}: {message.Method} {message.RequestUri} answered {(int)response.StatusCode}, expected {request.ExpectedStatus}: {body[..Math.Min(body.Length, 500)]}");
            if (request.Name is { } name)
            {
                session.Record(name, response, body);
            }
        }
    }

    private static HttpRequestMessage ToMessage(HttpFileRequest request, HttpFileSession session)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), session.Substitute(request.Url));
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                Assert.True(message.Headers.TryAddWithoutValidation(name, session.Substitute(value)), $"{request.Title}: header {name}");
            }
        }
        if (request.Body is { } body)
        {
            message.Content = new StringContent(session.Substitute(body), Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "text/plain");
        }
        return message;
    }

    /// <summary>A file at the repository's root, found from the test's output folder upwards.</summary>
    internal static string RepositoryFile(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, name);
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Vargo.sln")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{name} not found above {AppContext.BaseDirectory}.");
    }
}
