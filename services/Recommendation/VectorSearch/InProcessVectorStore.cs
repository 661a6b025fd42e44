using System.Numerics.Tensors;

namespace Vargo.Recommendation.VectorSearch;

/// <summary>
/// Exact nearest-neighbour search in process: the vectors sit in one contiguous array (row i = product i) and a query
/// is a SIMD dot product per row (vectors are normalised, so dot = cosine) with a bounded min-heap for the top k.
/// Loaded from PostgreSQL at start and kept in sync by the writers; 10k × 384 floats is ~15 MB and ~1 ms per scan.
/// </summary>
public sealed class InProcessVectorStore(int dimensions) : IProductVectorStore
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<Guid, int> _rowOf = [];
    private readonly List<Row> _rows = [];
    private float[] _matrix = new float[dimensions * 256];

    public string Kind => "in-process";

    public int Dimensions => dimensions;

    public Task UpsertAsync(IReadOnlyCollection<ProductVector> vectors, CancellationToken cancellationToken = default)
    {
        foreach (var vector in vectors)
        {
            if (vector.Vector.Length != dimensions)
            {
                throw new ArgumentException($"Vector of {vector.Vector.Length} dimensions for a store of {dimensions}.", nameof(vectors));
            }
        }

        _lock.EnterWriteLock();
        try
        {
            foreach (var vector in vectors)
            {
                if (!_rowOf.TryGetValue(vector.ProductId, out var row))
                {
                    row = _rows.Count;
                    _rows.Add(default);
                    _rowOf[vector.ProductId] = row;
                    EnsureCapacity(_rows.Count);
                }
                _rows[row] = new Row(vector.ProductId, vector.CategoryPath, vector.Price);
                var target = _matrix.AsSpan(row * dimensions, dimensions);
                vector.Vector.Span.CopyTo(target);
                var norm = TensorPrimitives.Norm(target);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(target, norm, target);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_rowOf.Remove(productId, out var row))
            {
                // Move the last row into the hole so the matrix stays dense.
                var last = _rows.Count - 1;
                if (row != last)
                {
                    _rows[row] = _rows[last];
                    _rowOf[_rows[row].ProductId] = row;
                    _matrix.AsSpan(last * dimensions, dimensions).CopyTo(_matrix.AsSpan(row * dimensions, dimensions));
                }
                _rows.RemoveAt(last);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorMatch>> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Vector.Length != dimensions)
        {
            throw new ArgumentException($"Query of {query.Vector.Length} dimensions for a store of {dimensions}.", nameof(query));
        }
        if (query.Top <= 0)
        {
            return Task.FromResult<IReadOnlyList<VectorMatch>>([]);
        }

        var q = query.Vector.Span;
        Span<float> normalised = dimensions <= 2048 ? stackalloc float[dimensions] : new float[dimensions];
        q.CopyTo(normalised);
        var norm = TensorPrimitives.Norm(normalised);
        if (norm > 0)
        {
            TensorPrimitives.Divide(normalised, norm, normalised);
        }

        var heap = new PriorityQueue<int, float>(query.Top + 1);
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < _rows.Count; i++)
            {
                var row = _rows[i];
                if (!query.Matches(row.ProductId, row.CategoryPath, row.Price))
                {
                    continue;
                }
                var score = TensorPrimitives.Dot(normalised, _matrix.AsSpan(i * dimensions, dimensions));
                if (heap.Count < query.Top)
                {
                    heap.Enqueue(i, score);
                }
                else if (heap.TryPeek(out _, out var lowest) && score > lowest)
                {
                    heap.DequeueEnqueue(i, score);
                }
            }

            var matches = new VectorMatch[heap.Count];
            for (var k = matches.Length - 1; k >= 0; k--)
            {
                heap.TryDequeue(out var i, out var score);
                matches[k] = new VectorMatch(_rows[i].ProductId, score);
            }
            return Task.FromResult<IReadOnlyList<VectorMatch>>(matches);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Task<ReadOnlyMemory<float>?> GetVectorAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            return Task.FromResult(_rowOf.TryGetValue(productId, out var row)
                ? new ReadOnlyMemory<float>(_matrix.AsSpan(row * dimensions, dimensions).ToArray())
                : (ReadOnlyMemory<float>?)null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            return Task.FromResult(_rows.Count);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void EnsureCapacity(int rows)
    {
        if (rows * dimensions > _matrix.Length)
        {
            Array.Resize(ref _matrix, Math.Max(rows * dimensions, _matrix.Length * 2));
        }
    }

    private readonly record struct Row(Guid ProductId, string CategoryPath, decimal Price);
}
