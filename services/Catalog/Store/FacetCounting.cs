using Vargo.Catalog.Model;

namespace Vargo.Catalog.Store;

/// <summary>Counts products per attribute value from their facet documents (name → values offered).</summary>
internal static class FacetCounting
{
    public static IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Count(IEnumerable<IReadOnlyDictionary<string, string[]>> documents)
    {
        var counts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var (name, values) in document)
            {
                if (!counts.TryGetValue(name, out var perValue))
                {
                    counts[name] = perValue = new Dictionary<string, long>(StringComparer.Ordinal);
                }
                foreach (var value in values)
                {
                    perValue[value] = perValue.GetValueOrDefault(value) + 1;
                }
            }
        }
        return counts
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(
                kv => kv.Key,
                kv => (IReadOnlyList<FacetCount>)kv.Value
                    .Select(v => new FacetCount(v.Key, v.Value))
                    .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
                    .ToList(),
                StringComparer.Ordinal);
    }
}
