namespace Vargo.Inventory.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDataSource("inventorydb");
        builder.AddRedisClient("redis");
        builder.AddRabbitMQClient("messaging");
    }
}
