using OpenTelemetry.Trace;
using Vargo.Messaging;
using Vargo.Messaging.DeadLetters;
using Vargo.Messaging.Contracts;
using Vargo.Recommendation.Assistant;
using Vargo.Recommendation.Data;
using Vargo.Recommendation.Embeddings;
using Vargo.Recommendation.Products;
using Vargo.Recommendation.Purchases;
using Vargo.Recommendation.Search;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on request records and query parameters (RecommendationApi.cs, Shopper.cs).
        builder.Services.AddValidation();
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDbContext<RecommendationDbContext>("recommendationdb");
        // Runs before every hosted service starts, so the consumers below and the index loader find the schema in place.
        builder.Services.AddMigration<RecommendationDbContext>();
        builder.AddVargoMessaging("messaging")
            .UseDbContext<RecommendationDbContext>()
            .AddConsumer<ProductUpserted, ProductUpsertedHandler>()
            .AddConsumer<OrderPlaced, OrderPlacedHandler>();
        builder.Services.AddOpsCommand("replay-dead-letters", DeadLetterQueue.ReplayAllForOperatorAsync);
        builder.Services.AddOpsCommand("rerun-backfill", (services, _) =>
            services.GetRequiredService<CatalogBackfill>().RestartAsync(services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));

        builder.AddProductEmbeddings();
        builder.AddProductVectorStore("recommendationdb");
        builder.Services.AddSingleton<ProductDirectory>();
        builder.Services.AddSingleton<QueryEmbeddingCache>();
        builder.Services.AddSingleton<ProductSearch>();
        builder.Services.AddSingleton(new FusionOptions());
        builder.Services.AddSingleton(_ => KnownWords.Shipped());
        builder.Services.AddSingleton<ShopSearch>();
        builder.Services.AddScoped<ProductVectorWriter>();
        // The demo catalog's vectors, shipped with the demo data: a first start embeds only what is not in them.
        builder.Services.AddSingleton(_ => ShippedEmbeddings.LoadEmbedded());
        builder.Services.AddScoped<PurchaseRecorder>();
        builder.Services.AddScoped<CoPurchases>();
        builder.Services.AddScoped<PersonalRecommendations>();
        builder.Services.AddSingleton<BackfillProgress>();
        builder.Services.AddSingleton<CatalogBackfill>();
        builder.Services.AddHttpClient<ICatalogProductSource, CatalogApiProductSource>(http => http.BaseAddress = new Uri("http://catalog"));
        builder.Services.AddHostedService<ProductIndexLoader>();
        builder.AddShoppingAssistant();

        builder.Services.AddHealthChecks().AddCheck<ProductIndexHealthCheck>("product-index", tags: ["ready"]);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(ProductIndexLoader.ActivitySource.Name));
    }
}
