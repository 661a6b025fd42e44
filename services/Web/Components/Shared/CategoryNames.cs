using Vargo.Web.Api;

namespace Vargo.Web.Components.Shared;

/// <summary>
/// The category tree by path (<c>footwear/athletic-shoes/running-shoes</c>), so a page that only has a product's or a
/// facet's path shows the categories' names and links to them. A path the tree does not know (the tree did not load)
/// reads as its last segment in words.
/// </summary>
public sealed class CategoryNames(IEnumerable<CategoryNode>? tree)
{
    private readonly Dictionary<string, CategoryNode> _byPath = (tree ?? []).SelectMany(c => c.SelfAndDescendants())
        .DistinctBy(c => c.Path, StringComparer.OrdinalIgnoreCase).ToDictionary(c => c.Path, StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads the tree; without it (Catalog slow or down) names are read from the paths.</summary>
    public static async Task<CategoryNames> LoadAsync(VargoApi api, CancellationToken cancellationToken = default) =>
        new(await api.GetOptionalAsync<List<CategoryNode>>("/api/catalog/categories", TimeSpan.FromSeconds(2), cancellationToken));

    public string Name(string path) =>
        _byPath.TryGetValue(path, out var node) ? node.Name : Words(path.TrimEnd('/').Split('/')[^1]);

    /// <summary>The page of the category at <paramref name="path"/>, or null when the tree does not know it.</summary>
    public string? Link(string path) => _byPath.TryGetValue(path, out var node) ? $"/c/{node.Slug}" : null;

    /// <summary>Each category from the top down to <paramref name="path"/>: its name and its page (null when unknown).</summary>
    public IReadOnlyList<(string Name, string? Link)> Trail(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return [.. Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).Select(p => (Name(p), Link(p)))];
    }

    private static string Words(string segment) =>
        segment.Length == 0 ? segment : char.ToUpperInvariant(segment[0]) + segment[1..].Replace('-', ' ');
}
