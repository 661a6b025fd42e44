using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vargo.AppHost.Tests.TryTheApi;

/// <summary>One request of a <c>.http</c> file, its text still holding <c>{{variables}}</c>.</summary>
internal sealed record HttpFileRequest(
    string Title, string? Name, int? ExpectedStatus, string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body);

/// <summary>
/// Reads and runs a <c>.http</c> file with the subset of the syntax that Visual Studio, VS Code's REST Client and Rider
/// share: <c>@name = value</c> file variables, <c>###</c> between requests, <c># @name</c> to name one,
/// <c>{{variable}}</c>, <c>{{$timestamp}}</c>, and request variables
/// <c>{{name.response.body.$.json.path}}</c> / <c>{{name.response.headers.Header-Name}}</c>. A <c># expect 201</c>
/// comment (a plain comment to the editors) gives the status this runner checks.
/// </summary>
internal sealed partial class HttpFile
{
    private HttpFile(IReadOnlyDictionary<string, string> variables, IReadOnlyList<HttpFileRequest> requests) =>
        (Variables, Requests) = (variables, requests);

    public IReadOnlyDictionary<string, string> Variables { get; }

    public IReadOnlyList<HttpFileRequest> Requests { get; }

    public static HttpFile Parse(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new List<HttpFileRequest>();
        // Each block starts at a "###" line, whose text is the request's title.
        var blocks = Regex.Split(text.Replace("\r\n", "\n", StringComparison.Ordinal), @"^###", RegexOptions.Multiline);
        for (var i = 0; i < blocks.Length; i++)
        {
            // Before the first "###": the file's preamble (variables, comments), no title line.
            var lines = blocks[i].Split('\n');
            var title = i == 0 ? "" : lines[0].Trim();
            string? name = null, method = null, url = null;
            int? expected = null;
            var headers = new List<(string, string)>();
            var body = new StringBuilder();
            var part = Part.Preamble;
            foreach (var line in lines.Skip(i == 0 ? 0 : 1))
            {
                if (part == Part.Preamble)
                {
                    var trimmed = line.Trim();
                    if (trimmed.Length == 0)
                    {
                        continue;
                    }
                    if (trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal))
                    {
                        var comment = trimmed.TrimStart('#', '/').Trim();
                        if (NameComment().Match(comment) is { Success: true } named)
                        {
                            name = named.Groups[1].Value;
                        }
                        else if (ExpectComment().Match(comment) is { Success: true } expect)
                        {
                            expected = int.Parse(expect.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        }
                        continue;
                    }
                    if (FileVariable().Match(trimmed) is { Success: true } variable)
                    {
                        variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
                        continue;
                    }
                    var requestLine = RequestLine().Match(trimmed);
                    Assert.True(requestLine.Success, $"Not a request line: '{trimmed}'");
                    (method, url) = (requestLine.Groups[1].Value, requestLine.Groups[2].Value);
                    part = Part.Headers;
                }
                else if (part == Part.Headers)
                {
                    if (line.Trim().Length == 0)
                    {
                        part = Part.Body;
                        continue;
                    }
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    Assert.True(colon > 0, $"Not a header: '{line}'");
                    headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
                else
                {
                    body.Append(line).Append('\n');
                }
            }
            if (method is not null)
            {
                title = title.Length > 0 ? title : $"{method} {url}";
                var content = body.ToString().Trim();
                requests.Add(new HttpFileRequest(title, name, expected, method, url!, headers, content.Length == 0 ? null : content));
            }
        }
        return new HttpFile(variables, requests);
    }

    private enum Part
    {
        Preamble,
        Headers,
        Body,
    }

    [GeneratedRegex(@"^@name\s+(\S+)$")]
    private static partial Regex NameComment();

    [GeneratedRegex(@"^expect\s+(\d{3})\b")]
    private static partial Regex ExpectComment();

    [GeneratedRegex(@"^@([A-Za-z_][\w.-]*)\s*=\s*(.*)$")]
    private static partial Regex FileVariable();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(\s+HTTP/\S+)?$")]
    private static partial Regex RequestLine();
}

/// <summary>The answers so far, by request name, and the substitution of every kind of variable.</summary>
internal sealed partial class HttpFileSession(IReadOnlyDictionary<string, string> variables, Func<string, string> dynamicVariable)
{
    private readonly Dictionary<string, (HttpResponseMessage Response, string Body)> _responses = new(StringComparer.Ordinal);

    public void Record(string name, HttpResponseMessage response, string body) => _responses[name] = (response, body);

    public string Substitute(string text, int depth = 0)
    {
        Assert.True(depth < 10, $"Variables refer to each other in a loop: '{text}'");
        return Variable().Replace(text, match =>
        {
            var expression = match.Groups[1].Value.Trim();
            if (expression.StartsWith('$'))
            {
                return dynamicVariable(expression);
            }
            if (variables.TryGetValue(expression, out var value))
            {
                return Substitute(value, depth + 1);
            }
            var parts = expression.Split('.', 4);
            Assert.True(parts.Length == 4 && parts[1] == "response", $"Unknown variable '{expression}'");
            Assert.True(_responses.TryGetValue(parts[0], out var answer), $"'{expression}' refers to request '{parts[0]}', which has not run");
            return parts[2] switch
            {
                "body" => JsonPath(answer.Body, parts[3], expression),
                "headers" => string.Join(", ", answer.Response.Headers.Concat(answer.Response.Content.Headers)
                    .Single(h => string.Equals(h.Key, parts[3], StringComparison.OrdinalIgnoreCase)).Value),
                _ => throw new InvalidOperationException($"Unknown part '{parts[2]}' in '{expression}'"),
            };
        });
    }

    // The JSONPath the three editors all accept in request variables: $.a.b, $.a[0].b, $[0].id.
    private static string JsonPath(string body, string path, string expression)
    {
        Assert.StartsWith("$", path);
        var element = JsonDocument.Parse(body).RootElement;
        foreach (Match step in PathStep().Matches(path[1..]))
        {
            element = step.Groups[1].Success
                ? element.GetProperty(step.Groups[1].Value)
                : element[int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)];
        }
        Assert.True(element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Undefined), $"'{expression}' is not a value");
        return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
    }

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\.([A-Za-z_][\w-]*)|\[(\d+)\]")]
    private static partial Regex PathStep();
}
