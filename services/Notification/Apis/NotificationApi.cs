namespace Vargo.Notification.Apis;

public static class NotificationApi
{
    public static RouteGroupBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notification");

        api.MapServiceInfo("notification");

        return api;
    }
}
