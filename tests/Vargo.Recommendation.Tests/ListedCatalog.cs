using System.Globalization;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Products;

namespace Vargo.Recommendation.Tests;

/// <summary>A catalog that is a list (a fake for tests only): cursor = index of the next product; can fail at one cursor.</summary>
public sealed class ListedCatalog(IReadOnlyList<ProductUpserted> products) : ICatalogProductSource
{
    public string? FailAtCursor { get; init; }

    public List<string?> RequestedCursors { get; } = [];

    public Task<int?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<int?>(products.Count);

    public Task<CatalogPage> ReadPageAsync(string? cursor, int size, CancellationToken cancellationToken)
    {
        if (FailAtCursor is not null && cursor == FailAtCursor)
        {
            throw new InvalidOperationException("The service stopped here.");
        }
        RequestedCursors.Add(cursor);
        var start = cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture);
        var next = start + size < products.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new CatalogPage(products.Skip(start).Take(size).ToList(), next));
    }
}
