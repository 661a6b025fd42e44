using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vargo.Inventory.Grpc;
using Vargo.Inventory.Stock;

namespace Vargo.Inventory.Apis;

public static class InventoryApi
{
    public static RouteGroupBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        // Internal only: the gateway proxies /api/inventory to the http endpoint, never to the grpc one.
        app.MapGrpcService<InventoryGrpcService>().AllowAnonymous();

        var api = app.MapGroup("/api/inventory").WithTags("Inventory");

        api.MapServiceInfo("inventory");

        api.MapGet("/availability", GetAvailability)
            .AllowAnonymous()
            .WithName("GetAvailability")
            .WithSummary("Available units for a list of SKUs (?sku=A&sku=B); unknown SKUs show known = false.");

        var admin = api.MapGroup("/stock").RequireAuthorization(AuthenticationExtensions.AdminPolicy);
        admin.MapPut("/{sku}", SetStock)
            .WithName("SetStock")
            .WithSummary("Sets a SKU's on-hand units (recorded in the ledger with the reason).");
        admin.MapPost("/{sku}/adjustments", AdjustStock)
            .WithName("AdjustStock")
            .WithSummary("Adds a signed delta to a SKU's on-hand units (recorded in the ledger with the reason).");
        admin.MapGet("/{sku}/ledger", GetLedger)
            .WithName("GetStockLedger")
            .WithSummary("A SKU's ledger, newest first.");
        admin.MapGet("/low", GetLowStock)
            .WithName("GetLowStock")
            .WithSummary("SKUs whose available units are at or below their low-stock threshold, fewest first.");

        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<SkuAvailabilityView>>, ValidationProblem>> GetAvailability(
        string[]? sku, StockQueries queries, CancellationToken cancellationToken)
    {
        var skus = (sku ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (skus.Count is 0 or > StockQueries.MaxSkusPerQuery || skus.Any(s => !StockQueries.IsValidSku(s)))
        {
            return Invalid("sku", $"Give 1 to {StockQueries.MaxSkusPerQuery} SKUs of 1 to 64 characters.");
        }
        return TypedResults.Ok(await queries.GetAvailabilityAsync(skus, cancellationToken));
    }

    public static async Task<Results<Ok<StockChanged>, ValidationProblem, ProblemHttpResult>> SetStock(
        string sku, SetStockRequest request, StockAdjustmentService adjustments, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Validate(sku, request.Reason) is { } problem)
        {
            return problem;
        }
        if (request.OnHand is < 0 or > 1_000_000)
        {
            return Invalid("onHand", "Must be between 0 and 1000000.");
        }
        return Outcome(sku, await adjustments.SetAsync(sku, request.OnHand, request.Reason!, ActorOf(user), cancellationToken));
    }

    public static async Task<Results<Ok<StockChanged>, ValidationProblem, ProblemHttpResult>> AdjustStock(
        string sku, AdjustStockRequest request, StockAdjustmentService adjustments, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Validate(sku, request.Reason) is { } problem)
        {
            return problem;
        }
        if (request.Delta is 0 or < -1_000_000 or > 1_000_000)
        {
            return Invalid("delta", "Must be non-zero and between -1000000 and 1000000.");
        }
        return Outcome(sku, await adjustments.AdjustAsync(sku, request.Delta, request.Reason!, ActorOf(user), cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<LedgerEntryView>>, NotFound, ValidationProblem>> GetLedger(
        string sku, [Range(1, 1000)] int? limit, StockQueries queries, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return Invalid("limit", "Must be between 1 and 1000.");
        }
        var entries = await queries.GetLedgerAsync(sku, limit ?? 100, cancellationToken);
        return entries is null ? TypedResults.NotFound() : TypedResults.Ok(entries);
    }

    public static async Task<Results<Ok<IReadOnlyList<LowStockItem>>, ValidationProblem>> GetLowStock(
        [Range(1, 1000)] int? limit, StockQueries queries, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return Invalid("limit", "Must be between 1 and 1000.");
        }
        return TypedResults.Ok(await queries.GetLowStockAsync(limit ?? 100, cancellationToken));
    }

    private static ValidationProblem? Validate(string sku, string? reason) =>
        !StockQueries.IsValidSku(sku) ? Invalid("sku", "A SKU is 1 to 64 characters.")
        : string.IsNullOrWhiteSpace(reason) || reason.Length > 500 ? Invalid("reason", "A reason of 1 to 500 characters is required.")
        : null;

    private static Results<Ok<StockChanged>, ValidationProblem, ProblemHttpResult> Outcome(string sku, AdjustResult result) =>
        result.IsApplied
            ? TypedResults.Ok(new StockChanged(sku, result.OnHand, result.Delta))
            : VargoProblems.Refuse(StatusCodes.Status409Conflict, StockChangeRefused, "Stock change refused", result.Problem);

    private static ValidationProblem Invalid(string field, string message) => VargoProblems.Invalid(field, message);

    /// <summary>409: the change would take on-hand below the units reserved or sold.</summary>
    public static readonly string StockChangeRefused = VargoProblems.Type("stock-change-refused");

    private static string ActorOf(ClaimsPrincipal user) => user.GetUserId().ToString();
}

/// <summary>On-hand units 0 to 1,000,000; a reason of 1 to 500 characters for the ledger.</summary>
public sealed record SetStockRequest(
    [property: Range(0, 1_000_000)] int OnHand,
    [property: Required, MaxLength(500)] string? Reason);

/// <summary>A non-zero delta from -1,000,000 to 1,000,000; a reason of 1 to 500 characters for the ledger.</summary>
public sealed record AdjustStockRequest(
    [property: Range(-1_000_000, 1_000_000)] int Delta,
    [property: Required, MaxLength(500)] string? Reason);

public sealed record StockChanged(string Sku, int OnHand, int Delta);
