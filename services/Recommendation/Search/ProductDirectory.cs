using System.Collections.Concurrent;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Products;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Search;

/// <summary>
/// The active products this instance can recommend: their summaries, their keyword index and their vectors in the
/// <see cref="IProductVectorStore"/>. Every change to a product goes through <see cref="ApplyAsync"/> so the three agree.
/// </summary>
public sealed class ProductDirectory(IProductVectorStore vectors)
{
    private readonly ConcurrentDictionary<Guid, ProductSummary> _products = new();
    private readonly ConcurrentDictionary<Guid, (IReadOnlySet<string> Colours, IReadOnlySet<string> Sizes)> _options = new();

    public KeywordIndex Keywords { get; } = new();

    public IProductVectorStore Vectors => vectors;

    public int Count => _products.Count;

    public bool IsLoaded { get; private set; }

    public ProductSummary? Find(Guid productId) => _products.GetValueOrDefault(productId);

    /// <summary>The colours and sizes (lower case) the product comes in, read from its text; empty sets when it names none.</summary>
    public (IReadOnlySet<string> Colours, IReadOnlySet<string> Sizes) OptionsOf(Guid productId) =>
        _options.TryGetValue(productId, out var options) ? options : (EmptySet, EmptySet);

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    // Every category path a product has been seen in (a path whose products all left stays: it still names a kind).
    private readonly ConcurrentDictionary<string, byte> _categoryPaths = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="text"/> names a kind of product the catalog has: one of its words is the last word of a
    /// category's slug ("boots" of footwear/casual/boots, "ovens" of cookware/dutch-ovens), plural or not.
    /// </summary>
    public bool NamesAKind(string text)
    {
        var kinds = _categoryPaths.Keys
            .Select(path => path[(path.LastIndexOf('/') + 1)..])
            .SelectMany(slug => KeywordIndex.Tokenize(slug[(slug.LastIndexOf('-') + 1)..]))
            .Select(Kind)
            .ToHashSet(StringComparer.Ordinal);
        return KeywordIndex.Tokenize(text).Select(Kind).Any(kinds.Contains);
    }

    /// <summary>
    /// One form for a kind's singular and plural where the index's light plural strip gives two ("dresses" → "dresse",
    /// "dress" → "dress"; "mice" and "mouse").
    /// </summary>
    private static string Kind(string term) =>
        term == "mouse" ? "mice" : term.EndsWith("sse", StringComparison.Ordinal) ? term[..^1] : term;

    /// <summary>
    /// Whether some product comes in <paramref name="colour"/> (lower case; grey and gray alike) and
    /// <paramref name="size"/> (null: any). One pass over the products at worst, stopping at the first that does.
    /// </summary>
    public bool AnyComesIn(string? colour, string? size) =>
        _options.Values.Any(o =>
            (colour is null || o.Colours.Contains(colour) || (colour == "grey" && o.Colours.Contains("gray")))
            && (size is null || o.Sizes.Contains(size)));

    public IEnumerable<ProductSummary> All => _products.Values;

    /// <summary>Adds, refreshes or removes each record as its status and vector say (inactive or vector-less: removed).</summary>
    public async Task ApplyAsync(IReadOnlyCollection<ProductRecord> records, string currentModel, CancellationToken cancellationToken)
    {
        var upserts = new List<ProductVector>(records.Count);
        foreach (var record in records)
        {
            if (record.IsActive && record.Embedding is not null && record.EmbeddingModel == currentModel)
            {
                upserts.Add(new ProductVector(record.Id, record.CategoryPath, record.Price, record.Embedding));
                _products[record.Id] = ProductSummary.From(record);
                _categoryPaths.TryAdd(record.CategoryPath, 0);
                Keywords.Upsert(record.Id, record.Text);
                _options[record.Id] = ProductText.Options(record.Text);
            }
            else
            {
                await vectors.DeleteAsync(record.Id, cancellationToken);
                _products.TryRemove(record.Id, out _);
                Keywords.Remove(record.Id);
                _options.TryRemove(record.Id, out _);
            }
        }
        if (upserts.Count > 0)
        {
            await vectors.UpsertAsync(upserts, cancellationToken);
        }
    }

    public void MarkLoaded() => IsLoaded = true;
}
