using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vargo.Messaging;
using Vargo.Notification.Data;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Apis;

public static class NotificationApi
{
    private const int DefaultPageSize = 20;
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
        ClaimsPrincipal user, NotificationsDbContext db, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (!user.TryGetUserId(out var userId))
        {
            return TypedResults.Unauthorized();
        }
        return TypedResults.Ok(await PageAsync(db.Notifications.Where(n => n.UserId == userId), paging.Resolve(DefaultPageSize, MaxPageSize), cancellationToken));
    }

    public static async Task<Results<Ok<NotificationPage>, ValidationProblem>> ListNotifications(
        NotificationsDbContext db, [AsParameters] PageRequest paging, CancellationToken cancellationToken,
        Guid? userId = null, [MaxLength(100)] string? kind = null)
    {
        var query = db.Notifications.AsQueryable();
        if (userId is { } id)
        {
            query = query.Where(n => n.UserId == id);
        }
        if (!string.IsNullOrEmpty(kind))
        {
            // A closed set: a typo is the caller's error (400 naming kind), not an empty list that looks like "none yet".
            if (!NotificationKinds.All.Contains(kind, StringComparer.Ordinal))
            {
                return VargoProblems.Invalid("kind", $"kind is one of {string.Join(", ", NotificationKinds.All)}.");
            }
            query = query.Where(n => n.Kind == kind);
        }
        return TypedResults.Ok(await PageAsync(query, paging.Resolve(DefaultPageSize, MaxPageSize), cancellationToken));
    }

    private static async Task<NotificationPage> PageAsync(
        IQueryable<UserNotification> query, Paging page, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(page.Offset).Take(page.PageSize)
            .Select(n => new NotificationView(n.Id, n.Kind, n.UserId, n.Subject, n.TextBody, n.CreatedAt,
                n.Deliveries.OrderBy(d => d.Channel)
                    .Select(d => new DeliveryView(d.Channel, d.Status.ToString(), d.Attempts, d.SentAt)).ToList()))
            .ToListAsync(cancellationToken);
        return new NotificationPage(items, page.Page, page.PageSize, total);
    }
}
