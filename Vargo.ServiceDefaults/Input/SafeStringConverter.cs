using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Reads every JSON string of every request body (values and dictionary keys) through <see cref="InputRules"/>, so
/// a NUL or other control character in any field of any service is a 400 naming the field (the JSON path),
/// before a handler or the database sees it. Writing is unchanged.
/// </summary>
public sealed class SafeStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string but found {reader.TokenType}.");
        }
        return Check(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Check(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Check(ref Utf8JsonReader reader)
    {
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate (\ud800) cannot be read as a string.
            throw new JsonException(InputRules.ControlCharacterMessagePrefix + ": the string is not valid UTF-16.", ex);
        }
        if (InputRules.HasForbiddenCharacter(value, allowLineBreaks: true))
        {
            // The path is filled in by the serializer; the handler turns it into the field name.
            throw new JsonException(InputRules.ControlCharacterMessagePrefix + " (such as U+0000) and unpaired surrogates are not allowed.");
        }
        return value;
    }
}
