namespace Vargo.Payment.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDataSource("paymentsdb");
        builder.AddRabbitMQClient("messaging");
    }
}
