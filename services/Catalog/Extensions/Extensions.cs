namespace Vargo.Catalog.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddCatalogStore("catalogdb");
        builder.AddRedisClient("redis");
        builder.AddRabbitMQClient("messaging");
    }
}
