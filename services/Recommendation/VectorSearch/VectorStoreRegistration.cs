using Microsoft.Extensions.Options;
using Vargo.Recommendation.Embeddings;

namespace Vargo.Recommendation.VectorSearch;

public static class VectorStoreRegistration
{
    /// <summary>
    /// <see cref="VectorStoreOptions.VectorStore"/> ("Recommendation:VectorStore"): auto (default: pgvector when the server
    /// offers the extension, else in-process), pgvector, or in-process.
    /// </summary>
    public static void AddProductVectorStore(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.Services.AddOptions<VectorStoreOptions>().BindConfiguration(VectorStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IProductVectorStore>(sp =>
        {
            var model = sp.GetRequiredService<EmbeddingModel>();
            var choice = sp.GetRequiredService<IOptions<VectorStoreOptions>>().Value.VectorStore;
            var connectionString = builder.Configuration.GetConnectionString(connectionName);
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VectorStoreRegistration));

            // Resolved once, while the host starts; the checks are two short queries.
            var usePgvector = choice.ToLowerInvariant() switch
            {
                "pgvector" => true,
                "in-process" => false,
                _ => connectionString is not null && PgvectorStore.IsAvailableAsync(connectionString).GetAwaiter().GetResult(),
            };
            IProductVectorStore store = usePgvector
                ? PgvectorStore.OpenAsync(connectionString ?? throw new InvalidOperationException($"No connection string '{connectionName}'."),
                    model.Dimensions).GetAwaiter().GetResult()
                : new InProcessVectorStore(model.Dimensions);
            logger.LogInformation("Vector search runs on the {Store} store", store.Kind);
            return store;
        });
    }
}
