using Npgsql;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Tests;

/// <summary>
/// The contract against PostgreSQL with pgvector. Debian's PostgreSQL here has no pgvector package, so these run only when
/// VARGO_TEST_PGVECTOR holds a connection string to a server that has it (e.g. the pgvector/pgvector image).
/// </summary>
public sealed class PgvectorStoreTests : VectorStoreContract, IAsyncLifetime
{
    public const string Variable = "VARGO_TEST_PGVECTOR";

    private readonly List<PgvectorStore> _stores = [];
    private readonly List<string> _databases = [];

    protected override async Task<IProductVectorStore> CreateStoreAsync(int dimensions)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server),
            $"{Variable} does not name a PostgreSQL server with pgvector (Debian's PostgreSQL here has no pgvector package).");
        var name = $"pgvector_contract_{Guid.NewGuid():N}";
        await using (var dataSource = NpgsqlDataSource.Create(server))
        await using (var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        _databases.Add(name);
        var store = await PgvectorStore.OpenAsync(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, dimensions);
        _stores.Add(store);
        return store;
    }

    [Fact] public Task Upserted_vector_is_found_first() => Upserted_vector_is_found_first_with_cosine_one();
    [Fact] public Task Update_replaces() => Update_replaces_vector_and_filter_fields();
    [Fact] public Task Delete_removes() => Delete_removes_the_vector();
    [Fact] public Task Filters_apply() => Filters_by_category_subtree_price_range_and_exclusions();
    [Fact] public Task Agrees_with_brute_force() => Top_k_agrees_with_brute_force_on_random_data();
    [Fact] public Task Rejects_other_dimensions() => Rejects_vectors_of_another_dimension();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
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
