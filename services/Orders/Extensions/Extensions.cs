namespace Vargo.Orders.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDataSource("ordersdb");
        builder.AddRabbitMQClient("messaging");
    }
}
