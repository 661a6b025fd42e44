using Npgsql;
using Pgvector;

namespace Vargo.Recommendation.VectorSearch;

/// <summary>
/// Vector search in PostgreSQL with the pgvector extension (containers mode: image pgvector/pgvector): an HNSW index with
/// cosine distance. The table mirrors the authoritative vectors in "products", so it is rebuilt when the dimension changes.
/// </summary>
public sealed class PgvectorStore : IProductVectorStore, IAsyncDisposable
{
    private const string Table = "product_vectors_pgvector";
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _dimensions;

    private PgvectorStore(NpgsqlDataSource dataSource, int dimensions)
    {
        _dataSource = dataSource;
        _dimensions = dimensions;
    }

    public string Kind => "pgvector";

    /// <summary>True when the server can load the extension (it is installed, whether or not it is created yet).</summary>
    public static async Task<bool> IsAvailableAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<PgvectorStore> OpenAsync(string connectionString, int dimensions, CancellationToken cancellationToken = default)
    {
        await using (var plain = NpgsqlDataSource.Create(connectionString))
        await using (var create = plain.CreateCommand("CREATE EXTENSION IF NOT EXISTS vector"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        var dataSource = builder.Build();

        await using (var current = dataSource.CreateCommand(
            $"SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass('{Table}') AND attname = 'embedding'"))
        {
            if (await current.ExecuteScalarAsync(cancellationToken) is int existing && existing != dimensions)
            {
                await using var drop = dataSource.CreateCommand($"DROP TABLE {Table}");
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var schema = dataSource.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS {Table} (
                product_id uuid PRIMARY KEY,
                category_path text NOT NULL,
                price numeric(18,2) NOT NULL,
                embedding vector({dimensions}) NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_{Table}_embedding ON {Table} USING hnsw (embedding vector_cosine_ops);
            """))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PgvectorStore(dataSource, dimensions);
    }

    public async Task UpsertAsync(IReadOnlyCollection<ProductVector> vectors, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var vector in vectors)
        {
            if (vector.Vector.Length != _dimensions)
            {
                throw new ArgumentException($"Vector of {vector.Vector.Length} dimensions for a store of {_dimensions}.", nameof(vectors));
            }
            var command = new NpgsqlBatchCommand($"""
                INSERT INTO {Table} (product_id, category_path, price, embedding) VALUES ($1, $2, $3, $4)
                ON CONFLICT (product_id) DO UPDATE SET category_path = $2, price = $3, embedding = $4
                """);
            command.Parameters.AddWithValue(vector.ProductId);
            command.Parameters.AddWithValue(vector.CategoryPath);
            command.Parameters.AddWithValue(vector.Price);
            command.Parameters.AddWithValue(new Vector(vector.Vector));
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"DELETE FROM {Table} WHERE product_id = $1");
        command.Parameters.AddWithValue(productId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VectorMatch>> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Top <= 0)
        {
            return [];
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Filters apply after the HNSW scan: a wider candidate list and iterative scans keep filtered queries from coming back short.
        await using (var settings = new NpgsqlCommand(
            $"SET LOCAL hnsw.ef_search = {Math.Clamp(query.Top * 10, 100, 1000)}; SET LOCAL hnsw.iterative_scan = relaxed_order",
            connection, transaction))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(
            $"""
            SELECT product_id, 1 - (embedding <=> $1) AS score FROM {Table}
            WHERE ($2::text IS NULL OR category_path = $2 OR category_path LIKE $2 || '/%')
              AND ($3::numeric IS NULL OR price >= $3) AND ($4::numeric IS NULL OR price <= $4)
              AND NOT (product_id = ANY($5))
            ORDER BY embedding <=> $1 LIMIT $6
            """, connection, transaction);
        command.Parameters.AddWithValue(new Vector(query.Vector));
        command.Parameters.AddWithValue((object?)query.CategoryPath ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        command.Parameters.AddWithValue((object?)query.MinPrice ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric;
        command.Parameters.AddWithValue((object?)query.MaxPrice ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric;
        command.Parameters.AddWithValue((query.Exclude ?? new HashSet<Guid>()).ToArray());
        command.Parameters.AddWithValue(query.Top);

        var matches = new List<VectorMatch>(query.Top);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new VectorMatch(reader.GetGuid(0), (float)reader.GetDouble(1)));
        }
        return matches;
    }

    public async Task<ReadOnlyMemory<float>?> GetVectorAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT embedding FROM {Table} WHERE product_id = $1");
        command.Parameters.AddWithValue(productId);
        return await command.ExecuteScalarAsync(cancellationToken) is Vector vector ? vector.Memory : null;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM {Table}");
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
