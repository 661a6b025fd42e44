using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vargo.Catalog.Store;

/// <summary>How both stores serialize attribute, variant and definition documents (camelCase, enums as strings).</summary>
public static class CatalogJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"Stored {typeof(T).Name} document is null.");
}
