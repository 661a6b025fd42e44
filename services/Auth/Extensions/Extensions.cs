namespace Vargo.Auth.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDataSource("authdb");
        builder.AddRabbitMQClient("messaging");
    }
}
