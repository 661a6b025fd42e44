namespace Vargo.Recommendation.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddNpgsqlDataSource("recommendationdb");
        builder.AddRabbitMQClient("messaging");
    }
}
