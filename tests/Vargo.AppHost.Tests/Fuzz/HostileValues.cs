using System.Text;

namespace Vargo.AppHost.Tests.Fuzz;

/// <summary>The values a hostile or careless client sends: wrong types, edges of every number type, characters
/// PostgreSQL cannot store, huge strings, deep nesting, codes no table knows.</summary>
internal static class HostileValues
{
    public static readonly string Huge = new('a', 10_000);

    /// <summary>Path, query and header values (sent escaped).</summary>
    public static IReadOnlyList<string> Text(IReadOnlyList<string> ids) =>
    [
        "", " ", "abc", "-1", "0", "2147483648", "-2147483649", "99999999999999999999999999999", "1e309", "-1e309", "NaN",
        "\u0000", "a\u0001b\u001f", "\u007f", "\ud800", Huge, "ZZZ", "ZZ", "null", "true", "[]", "{}", "%", "../..", "1.005",
        "2026-11-30T10:00:00+02:00", .. ids,
    ];

    /// <summary>JSON tokens put in place of one field of a body.</summary>
    public static IReadOnlyList<string> Json(IReadOnlyList<string> ids) =>
    [
        "5", "-1", "0", "2147483648", "-9223372036854775809", "99999999999999999999999999999", "1e309", "-1e309", "1.005",
        "0.0000000001", "true", "null", "[]", "{}", "\"\"", "\"x\"", "\"\\u0000\"", "\"a\\u0001b\"", "\"\\ud800\"",
        "\"" + Huge + "\"", "\"ZZZ\"", "\"ZZ\"", "\"2026-11-30T10:00:00+02:00\"", Nested(200), "[" + string.Join(',', Enumerable.Repeat("{}", 2000)) + "]",
        .. ids.Select(id => "\"" + id + "\""),
    ];

    /// <summary>Whole bodies that are not the object an operation expects.</summary>
    public static IReadOnlyList<string> Bodies =>
    [
        "", "{", "null", "[]", "5", "\"x\"", "{\"a\":", Nested(5000), "{\"\\u0000\": 1}", "\u0000", Huge,
    ];

    private static string Nested(int depth)
    {
        var json = new StringBuilder(depth * 2);
        json.Append('[', depth).Append(']', depth);
        return json.ToString();
    }
}
