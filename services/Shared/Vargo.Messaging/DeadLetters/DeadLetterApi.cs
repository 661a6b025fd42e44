using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Vargo.Messaging.DeadLetters;

namespace Vargo.Messaging;

public static class DeadLetterApi
{
    /// <summary>
    /// <c>GET {group}/dead-letters?max=50</c> lists this service's dead letters (with the recorded error);
    /// <c>POST {group}/dead-letters/replay?messageId=…</c> sends one (or, without messageId, all) back to the service queue.
    /// Map it on an admin-only group.
    /// </summary>
    public static IEndpointRouteBuilder MapDeadLetterApi(this IEndpointRouteBuilder group)
    {
        group.MapGet("/dead-letters", ListDeadLetters)
            .WithName("ListDeadLetters")
            .WithSummary("Messages this service failed to handle after all retries, with the last error");
        group.MapPost("/dead-letters/replay", ReplayDeadLetters)
            .WithName("ReplayDeadLetters")
            .WithSummary("Send a dead letter (or all of them) back to this service's queue");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ValidationProblem>> ListDeadLetters(
        DeadLetterQueue deadLetters, CancellationToken cancellationToken, int max = 50)
    {
        if (max is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = ["max must be between 1 and 1000."] });
        }
        return TypedResults.Ok(await deadLetters.ListAsync(max, cancellationToken));
    }

    private static async Task<Results<Ok<DeadLetterReplay>, NotFound>> ReplayDeadLetters(
        DeadLetterQueue deadLetters, CancellationToken cancellationToken, string? messageId = null)
    {
        var result = await deadLetters.ReplayAsync(messageId, cancellationToken);
        return messageId is not null && result.Replayed == 0 ? TypedResults.NotFound() : TypedResults.Ok(result);
    }
}
