namespace Vargo.Recommendation.VectorSearch;

/// <summary>A product's vector with the fields searches filter on. Vectors are L2-normalised by whoever stores them.</summary>
public sealed record ProductVector(Guid ProductId, string CategoryPath, decimal Price, ReadOnlyMemory<float> Vector);

/// <summary>
/// Top <see cref="Top"/> products nearest to <see cref="Vector"/> by cosine similarity. <see cref="CategoryPath"/> matches
/// the category and everything under it ("footwear" matches "footwear/hiking-boots"); prices are inclusive.
/// </summary>
public sealed record VectorQuery(
    ReadOnlyMemory<float> Vector,
    int Top,
    string? CategoryPath = null,
    decimal? MinPrice = null,
    decimal? MaxPrice = null,
    IReadOnlySet<Guid>? Exclude = null)
{
    public bool Matches(Guid productId, string categoryPath, decimal price) =>
        (MinPrice is null || price >= MinPrice)
        && (MaxPrice is null || price <= MaxPrice)
        && (CategoryPath is null || IsUnder(categoryPath, CategoryPath))
        && (Exclude is null || !Exclude.Contains(productId));

    public static bool IsUnder(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.OrdinalIgnoreCase)
        && (path.Length == ancestor.Length || path[ancestor.Length] == '/');
}

public sealed record VectorMatch(Guid ProductId, float Score);
