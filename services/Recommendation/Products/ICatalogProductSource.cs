using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Products;

/// <summary>The catalog's products, page by page in a stable order, for the back-fill.</summary>
public interface ICatalogProductSource
{
    /// <summary>How many products the catalog lists (for progress); null when it does not say.</summary>
    Task<int?> CountAsync(CancellationToken cancellationToken);

    /// <summary>The page after <paramref name="cursor"/> (null: the first page), each product as the catalog would publish it.</summary>
    Task<CatalogPage> ReadPageAsync(string? cursor, int size, CancellationToken cancellationToken);
}

/// <summary><see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CatalogPage(IReadOnlyList<ProductUpserted> Products, string? NextCursor);

/// <summary>The catalog no longer accepts a cursor it handed out (e.g. after an upgrade): the back-fill starts over.</summary>
public sealed class CatalogCursorRejectedException(string message) : Exception(message);
