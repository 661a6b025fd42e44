using Npgsql;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// The contract against PostgreSQL with pgvector. Debian's PostgreSQL here has no pgvector package, so these run only when
/// VARGO_TEST_PGVECTOR holds a connection string to a server that has it (e.g. the pgvector/pgvector image).
/// </summary>
public sealed class PgvectorStoreTests : VectorStoreContract, IAsyncLifetime
{
    private readonly List<PgvectorStore> _stores = [];
    private readonly List<string> _databases = [];

    protected override async Task<IProductVectorStore> CreateStoreAsync(int dimensions)
    {
        var server = Environment.GetEnvironmentVariable(PgvectorFactAttribute.Variable)!;
        var name = $"pgvector_contract_{Guid.NewGuid():N}";
        await using (var dataSource = NpgsqlDataSource.Create(server))
        await using (var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync();
        }
        _databases.Add(name);
        var store = await PgvectorStore.OpenAsync(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, dimensions);
        _stores.Add(store);
        return store;
    }

    [PgvectorFact] public Task Upserted_vector_is_found_first() => Upserted_vector_is_found_first_with_cosine_one();
    [PgvectorFact] public Task Update_replaces() => Update_replaces_vector_and_filter_fields();
    [PgvectorFact] public Task Delete_removes() => Delete_removes_the_vector();
    [PgvectorFact] public Task Filters() => Filters_by_category_subtree_price_range_and_exclusions();
    [PgvectorFact] public Task Agrees_with_brute_force() => Top_k_agrees_with_brute_force_on_random_data();
    [PgvectorFact] public Task Rejects_other_dimensions() => Rejects_vectors_of_another_dimension();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        var server = Environment.GetEnvironmentVariable(PgvectorFactAttribute.Variable);
        if (server is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var dataSource = NpgsqlDataSource.Create(server);
        foreach (var name in _databases)
        {
            await using var command = dataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await command.ExecuteNonQueryAsync();
        }
    }
}

public sealed class PgvectorFactAttribute : FactAttribute
{
    public const string Variable = "VARGO_TEST_PGVECTOR";

    public PgvectorFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} does not name a PostgreSQL server with pgvector (Debian's PostgreSQL here has no pgvector package).";
        }
    }
}
