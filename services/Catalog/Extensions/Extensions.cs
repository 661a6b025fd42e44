using Vargo.Catalog.Caching;
using Vargo.Catalog.Categories;
using Vargo.Catalog.Products;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on the request records (ProductInput, CategoryInput), checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddDefaultAuthentication();
        builder.AddCatalogStore("catalogdb");
        builder.AddRedisClient("redis");

        // HybridCache: in-process L1 plus Redis (the `redis` connection) as L2, shared by replicas.
        builder.Services.AddStackExchangeRedisCache(options => { });
        builder.Services.AddOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>()
            .Configure<StackExchange.Redis.IConnectionMultiplexer>((options, redis) =>
            {
                options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
                options.InstanceName = "vargo-catalog:";
            });
        builder.Services.AddHybridCache(options =>
        {
            options.MaximumPayloadBytes = 4 * 1024 * 1024;
            options.DefaultEntryOptions = CatalogReadCache.EntryOptions;
        });
        builder.Services.AddSingleton<CatalogReadCache>();
        builder.Services.AddScoped<CategoryCatalog>();
        builder.Services.AddScoped<ProductEditor>();
        builder.Services.AddScoped<CategoryEditor>();

        builder.Services.AddGrpc();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            foreach (var converter in CatalogJson.Options.Converters)
            {
                options.SerializerOptions.Converters.Add(converter);
            }
        });
    }
}
