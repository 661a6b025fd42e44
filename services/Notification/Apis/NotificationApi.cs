using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;
using Vargo.Notification.Data;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Apis;

public static class NotificationApi
{
    private const int MaxPageSize = 100;

    public static RouteGroupBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notification");

        api.MapServiceInfo("notification");

        api.MapGet("/me", GetMyNotifications)
            .WithName("GetMyNotifications")
            .WithSummary("The signed-in user's notifications, newest first");

        var admin = api.MapGroup("/admin").RequireAuthorization(AuthenticationExtensions.AdminPolicy);
        admin.MapGet("/notifications", ListNotifications)
            .WithName("ListNotifications")
            .WithSummary("All notifications, newest first (admin), optionally for one user or kind");
        admin.MapDeadLetterApi();

        return api;
    }

    public static async Task<Results<Ok<NotificationPage>, ValidationProblem, UnauthorizedHttpResult>> GetMyNotifications(
        ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        if (!user.TryGetUserId(out var userId))
        {
            return TypedResults.Unauthorized();
        }
        if (ValidatePaging(page, pageSize) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await PageAsync(db.Notifications.Where(n => n.UserId == userId), page, pageSize, cancellationToken));
    }

    public static async Task<Results<Ok<NotificationPage>, ValidationProblem>> ListNotifications(
        NotificationsDbContext db, CancellationToken cancellationToken,
        Guid? userId = null, string? kind = null, int page = 1, int pageSize = 20)
    {
        if (ValidatePaging(page, pageSize) is { } problem)
        {
            return problem;
        }
        var query = db.Notifications.AsQueryable();
        if (userId is { } id)
        {
            query = query.Where(n => n.UserId == id);
        }
        if (!string.IsNullOrEmpty(kind))
        {
            query = query.Where(n => n.Kind == kind);
        }
        return TypedResults.Ok(await PageAsync(query, page, pageSize, cancellationToken));
    }

    private static ValidationProblem? ValidatePaging(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    private static async Task<NotificationPage> PageAsync(
        IQueryable<UserNotification> query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new NotificationView(n.Id, n.Kind, n.UserId, n.Subject, n.TextBody, n.CreatedAt,
                n.Deliveries.OrderBy(d => d.Channel)
                    .Select(d => new DeliveryView(d.Channel, d.Status.ToString(), d.Attempts, d.SentAt)).ToList()))
            .ToListAsync(cancellationToken);
        return new NotificationPage(items, page, pageSize, total);
    }
}
