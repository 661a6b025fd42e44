using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Apis;

public static class OrdersApi
{
    private static readonly TimeSpan ReplayWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReplayPoll = TimeSpan.FromMilliseconds(100);

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders");

        api.MapServiceInfo("orders");
        api.MapCartApi();

        api.MapPost("/checkout", Checkout).WithName("Checkout")
            .WithSummary("Checks the cart out (Idempotency-Key header required). 201 Placed, 402 PaymentFailed, 409 Cancelled, 202 still settling.");
        api.MapGet("", ListMine).WithName("ListMyOrders").WithSummary("The signed-in customer's orders, newest first.");
        api.MapGet("/{orderId:guid}", GetMine).WithName("GetMyOrder").WithSummary("One of the signed-in customer's orders.");
        api.MapGet("/{orderId:guid}/status", GetStatus).WithName("GetMyOrderStatus").WithSummary("An order's status, for polling.");
        api.MapGet("/{orderId:guid}/events", StreamStatus).WithName("StreamMyOrderStatus")
            .WithSummary("Server-Sent Events: the order's status now and at every change, until it can change no more.");
        api.MapPost("/{orderId:guid}/cancel", Cancel).WithName("CancelMyOrder").WithSummary("Cancels a placed, unshipped order: refund and restock.");

        var admin = api.MapGroup("/admin").RequireAuthorization(AuthenticationExtensions.AdminPolicy).WithTags("Orders admin");
        admin.MapGet("", Search).WithName("SearchOrders").WithSummary("All orders, filtered by status, customer or e-mail (admin).");
        admin.MapGet("/{orderId:guid}", GetAny).WithName("GetOrder").WithSummary("Any order (admin).");
        admin.MapPost("/{orderId:guid}/ship", MarkShipped).WithName("MarkOrderShipped").WithSummary("Marks a placed order shipped (admin).");

        return api;
    }

    public static async Task<Results<Created<OrderView>, Accepted<OrderView>, JsonHttpResult<OrderView>, ValidationProblem, ProblemHttpResult>> Checkout(
        CheckoutRequest? body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext http,
        OrdersDbContext db,
        CheckoutSaga saga,
        IOptions<CheckoutOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 255)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["A header of 1 to 255 characters is required."] });
        }
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A checkout request is required."] });
        }
        if (body.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var customerId = user.CustomerId();
        var hash = body.Hash(idempotencyKey);
        if (await db.Orders.AsNoTracking().AnyAsync(o => o.CustomerId == customerId && o.IdempotencyKey == idempotencyKey, cancellationToken))
        {
            return await ReplayAsync(customerId, idempotencyKey, hash, db, time, cancellationToken);
        }

        if (FaultInjection.Requested(http.Request, options.Value) is { } crashAfter)
        {
            saga.CrashAfter = crashAfter;
        }
        var timing = new ServerTiming(time);
        var result = await saga.StartAsync(customerId, user.Email(), idempotencyKey, hash, body, timing, cancellationToken);
        http.Response.Headers["Server-Timing"] = timing.Header;
        return result switch
        {
            CheckoutResult.Finished finished => Respond(finished.Order),
            CheckoutResult.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }),
            CheckoutResult.Unavailable unavailable =>
                TypedResults.Problem(unavailable.Message, statusCode: StatusCodes.Status409Conflict, title: "The cart cannot be checked out"),
            _ => await ReplayAsync(customerId, idempotencyKey, hash, db, time, cancellationToken)
        };
    }

    /// <summary>
    /// The same key again: the same body gets the first request's answer (waiting while that request is still
    /// running, so five concurrent copies all see the final state); a different body is refused (422).
    /// </summary>
    private static async Task<Results<Created<OrderView>, Accepted<OrderView>, JsonHttpResult<OrderView>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        Guid customerId, string idempotencyKey, string hash, OrdersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var order = await db.Orders.AsNoTracking().FirstAsync(o => o.CustomerId == customerId && o.IdempotencyKey == idempotencyKey, cancellationToken);
            if (order.RequestHash != hash)
            {
                return TypedResults.Problem("This Idempotency-Key was already used with a different request body.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused");
            }
            if (order.IsTerminal || time.GetElapsedTime(started) > ReplayWait)
            {
                return Respond(order);
            }
            await Task.Delay(ReplayPoll, time, cancellationToken);
        }
    }

    private static Results<Created<OrderView>, Accepted<OrderView>, JsonHttpResult<OrderView>, ValidationProblem, ProblemHttpResult> Respond(Order order)
    {
        var view = OrderView.Of(order);
        return order.Status switch
        {
            OrderStatus.Placed or OrderStatus.Shipped => TypedResults.Created($"/api/orders/{order.Id}", view),
            OrderStatus.PaymentFailed => TypedResults.Json(view, statusCode: StatusCodes.Status402PaymentRequired),
            OrderStatus.Cancelled => TypedResults.Json(view, statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Accepted($"/api/orders/{order.Id}/status", view)
        };
    }

    public static async Task<Ok<List<OrderView>>> ListMine(ClaimsPrincipal user, OrdersDbContext db, [AsParameters] PageRequest paging,
        CancellationToken cancellationToken = default)
    {
        var customerId = user.CustomerId();
        var page = paging.Resolve(defaultSize: 20, maxSize: 100);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.CreatedAt).Skip(page.Offset).Take(page.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(orders.Select(OrderView.Of).ToList());
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> GetMine(Guid orderId, ClaimsPrincipal user, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var customerId = user.CustomerId();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderView.Of(order));
    }

    public static async Task<Results<Ok<OrderStatusView>, NotFound>> GetStatus(Guid orderId, ClaimsPrincipal user, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var customerId = user.CustomerId();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderStatusView.Of(order));
    }

    /// <summary>Someone else's order is a 404 before any stream starts.</summary>
    public static async Task<Results<ServerSentEventsResult<OrderStatusView>, NotFound>> StreamStatus(
        Guid orderId, ClaimsPrincipal user, OrdersDbContext db, OrderStatusFeed feed, TimeProvider time, CancellationToken cancellationToken)
    {
        var customerId = user.CustomerId();
        if (!await db.Orders.AnyAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.ServerSentEvents(feed.WatchAsync(db, time, orderId, customerId, cancellationToken), eventType: "status");
    }

    public static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> Cancel(
        Guid orderId, ClaimsPrincipal user, OrderChanges changes, CancellationToken cancellationToken)
    {
        var (outcome, order) = await changes.CancelAsync(orderId, user.CustomerId(), cancellationToken);
        return outcome switch
        {
            OrderChangeOutcome.Done => TypedResults.Ok(OrderView.Of(order!)),
            OrderChangeOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem($"The order is {order!.Status}.", statusCode: StatusCodes.Status409Conflict, title: "The order cannot be cancelled")
        };
    }

    public static async Task<Ok<List<OrderView>>> Search(OrdersDbContext db, [AsParameters] PageRequest paging, string? status = null,
        Guid? customerId = null, string? email = null, CancellationToken cancellationToken = default)
    {
        var query = db.Orders.AsNoTracking();
        if (Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var wanted))
        {
            query = query.Where(o => o.Status == wanted);
        }
        if (customerId is { } id)
        {
            query = query.Where(o => o.CustomerId == id);
        }
        if (!string.IsNullOrWhiteSpace(email))
        {
            query = query.Where(o => o.CustomerEmail == email);
        }
        var page = paging.Resolve(defaultSize: 50, maxSize: 200);
        var orders = await query.OrderByDescending(o => o.CreatedAt).Skip(page.Offset).Take(page.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(orders.Select(OrderView.Of).ToList());
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> GetAny(Guid orderId, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderView.Of(order));
    }

    public static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> MarkShipped(Guid orderId, OrderChanges changes, CancellationToken cancellationToken)
    {
        var (outcome, order) = await changes.MarkShippedAsync(orderId, cancellationToken);
        return outcome switch
        {
            OrderChangeOutcome.Done => TypedResults.Ok(OrderView.Of(order!)),
            OrderChangeOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem($"The order is {order!.Status}.", statusCode: StatusCodes.Status409Conflict, title: "The order cannot be shipped")
        };
    }
}
