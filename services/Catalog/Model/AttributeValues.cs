using System.Globalization;
using System.Text.Json;

namespace Vargo.Catalog.Model;

/// <summary>Attribute values are JSON scalars; filters, facets and events see them as invariant strings.</summary>
public static class AttributeValues
{
    public static string ToInvariantString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDecimal().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    public static JsonElement FromString(string value) => JsonSerializer.SerializeToElement(value);

    public static JsonElement FromTyped(string value, AttributeType type) => type switch
    {
        AttributeType.Number => JsonSerializer.SerializeToElement(decimal.Parse(value, CultureInfo.InvariantCulture)),
        AttributeType.Boolean => JsonSerializer.SerializeToElement(bool.Parse(value)),
        _ => JsonSerializer.SerializeToElement(value),
    };
}
