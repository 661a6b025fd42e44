using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vargo.Orders.Checkout;
using Vargo.Orders.Data;
using Vargo.Orders.Ordering;

namespace Vargo.Orders.Apis;

public static class OrdersApi
{
    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        // Internal only: the gateway proxies /api/orders to the http endpoint, never to the grpc one.
        app.MapGrpcService<Vargo.Orders.Grpc.CheckoutOutcomesGrpcService>().AllowAnonymous();

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
        CheckoutSaga saga,
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

        var timing = new ServerTiming(time);
        var result = await saga.StartAsync(user.GetUserId(), user.GetEmail() ?? "", idempotencyKey, body.Hash(idempotencyKey), body, timing, cancellationToken);
        http.Response.Headers["Server-Timing"] = timing.Header;
        return result switch
        {
            CheckoutResult.Finished finished => Respond(finished.Order),
            CheckoutResult.Replayed replayed => Respond(replayed.Order),
            CheckoutResult.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }),
            CheckoutResult.Unavailable unavailable =>
                TypedResults.Problem(unavailable.Message, statusCode: StatusCodes.Status409Conflict, title: "The cart cannot be checked out"),
            CheckoutResult.KeyReused => TypedResults.Problem("This Idempotency-Key was already used with a different request body.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused", type: "urn:vargo:problems:idempotency-key-reused"),
            _ => InFlight(http)
        };
    }

    /// <summary>
    /// A copy of a checkout whose first request is still running (Stripe's semantics): 409 with Retry-After; asked
    /// again later, the same key answers with the first request's outcome.
    /// </summary>
    private static ProblemHttpResult InFlight(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem("A checkout with this Idempotency-Key is still in progress. Send the same request again shortly to get its outcome.",
            statusCode: StatusCodes.Status409Conflict, title: "Checkout in progress", type: "urn:vargo:problems:idempotency-key-in-flight");
    }

    private static Results<Created<OrderView>, Accepted<OrderView>, JsonHttpResult<OrderView>, ValidationProblem, ProblemHttpResult> Respond(Order order)
    {
        var view = OrderView.Of(order);
        return order.Status switch
        {
            // A replayed checkout whose order was refunded since still answers "placed" (the refund shows in the view).
            OrderStatus.Placed or OrderStatus.Shipped or OrderStatus.Refunded => TypedResults.Created($"/api/orders/{order.Id}", view),
            OrderStatus.PaymentFailed => TypedResults.Json(view, statusCode: StatusCodes.Status402PaymentRequired),
            OrderStatus.Cancelled => TypedResults.Json(view, statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Accepted($"/api/orders/{order.Id}/status", view)
        };
    }

    public static async Task<Ok<List<OrderView>>> ListMine(ClaimsPrincipal user, OrdersDbContext db, [AsParameters] PageRequest paging,
        CancellationToken cancellationToken = default)
    {
        var customerId = user.GetUserId();
        var page = paging.Resolve(defaultSize: 20, maxSize: 100);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.CreatedAt).Skip(page.Offset).Take(page.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(orders.Select(OrderView.Of).ToList());
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> GetMine(Guid orderId, ClaimsPrincipal user, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderView.Of(order));
    }

    public static async Task<Results<Ok<OrderStatusView>, NotFound>> GetStatus(Guid orderId, ClaimsPrincipal user, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderStatusView.Of(order));
    }

    /// <summary>Someone else's order is a 404 before any stream starts.</summary>
    public static async Task<Results<ServerSentEventsResult<OrderStatusView>, NotFound>> StreamStatus(
        Guid orderId, ClaimsPrincipal user, OrdersDbContext db, OrderStatusFeed feed, TimeProvider time, CancellationToken cancellationToken)
    {
        var customerId = user.GetUserId();
        if (!await db.Orders.AnyAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.ServerSentEvents(feed.WatchAsync(db, time, orderId, customerId, cancellationToken), eventType: "status");
    }

    public static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> Cancel(
        Guid orderId, ClaimsPrincipal user, OrderChanges changes, CancellationToken cancellationToken)
    {
        var (outcome, order) = await changes.CancelAsync(orderId, user.GetUserId(), cancellationToken);
        return outcome switch
        {
            OrderChangeOutcome.Done => TypedResults.Ok(OrderView.Of(order!)),
            OrderChangeOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem($"The order is {order!.Status}.", statusCode: StatusCodes.Status409Conflict, title: "The order cannot be cancelled")
        };
    }

    /// <summary>
    /// <paramref name="status"/>: an <see cref="OrderStatus"/> name, any case; anything else (a typo, a number) is a 400
    /// naming <c>status</c>, never "no filter" (which would answer with every order).
    /// </summary>
    public static async Task<Results<Ok<List<OrderView>>, ValidationProblem>> Search(OrdersDbContext db, [AsParameters] PageRequest paging, string? status = null,
        Guid? customerId = null, string? email = null, CancellationToken cancellationToken = default)
    {
        var query = db.Orders.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            // Names only: Enum.TryParse would also take "3" or "99".
            if (Enum.GetNames<OrderStatus>().FirstOrDefault(n => string.Equals(n, status, StringComparison.OrdinalIgnoreCase)) is not { } name)
            {
                return VargoProblems.Invalid("status", $"status is one of {string.Join(", ", Enum.GetNames<OrderStatus>())}.");
            }
            var wanted = Enum.Parse<OrderStatus>(name);
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
