namespace Vargo.Notification.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDataSource("notificationsdb");
        builder.AddRabbitMQClient("messaging");
    }
}
