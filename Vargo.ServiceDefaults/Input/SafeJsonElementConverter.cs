using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Free-form JSON in a body (a <see cref="JsonElement"/> field such as a product's attributes) is read whole, without
/// going through <see cref="SafeStringConverter"/>; this walks it and applies <see cref="InputRules"/> to every string
/// and property name in it (PostgreSQL's jsonb refuses <c>\u0000</c> just as text columns do).
/// </summary>
public sealed class SafeJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        if (!IsSafe(element))
        {
            throw new JsonException(InputRules.ControlCharacterMessagePrefix + " (such as U+0000) and unpaired surrogates are not allowed.");
        }
        return element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

    private static bool IsSafe(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => !InputRules.HasForbiddenCharacter(element.GetString(), allowLineBreaks: true),
                JsonValueKind.Array => element.EnumerateArray().All(IsSafe),
                JsonValueKind.Object => element.EnumerateObject().All(p =>
                    !InputRules.HasForbiddenCharacter(p.Name, allowLineBreaks: false) && IsSafe(p.Value)),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate cannot be read as a string.
            return false;
        }
    }
}
