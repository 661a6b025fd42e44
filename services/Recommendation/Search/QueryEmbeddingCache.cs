using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;

namespace Vargo.Recommendation.Search;

/// <summary>
/// The vectors of recent search queries. Embedding the query is most of a search's time (the scan of 10k vectors is
/// about a millisecond) and shoppers repeat queries (and the blended, semantic and chat paths embed the same text), so a
/// bounded cache of query text → vector saves the model call on a repeat. Keys are the trimmed text with runs of
/// white space collapsed; <c>capacity</c> 0 turns caching off (the benchmark's cold figures).
/// </summary>
public sealed partial class QueryEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> embeddings, int capacity = QueryEmbeddingCache.DefaultCapacity) : IDisposable
{
    public const int DefaultCapacity = 4096;

    private readonly MemoryCache? _vectors = capacity > 0
        ? new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.25 })
        : null;

    public async ValueTask<ReadOnlyMemory<float>> GetAsync(string query, CancellationToken cancellationToken)
    {
        var key = Whitespace().Replace(query.Trim(), " ");
        if (_vectors is not null && _vectors.TryGetValue(key, out ReadOnlyMemory<float> cached))
        {
            return cached;
        }
        var vector = await embeddings.GenerateVectorAsync(key, cancellationToken: cancellationToken);
        _vectors?.Set(key, vector, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return vector;
    }

    public void Dispose() => _vectors?.Dispose();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
