using System.Net.ServerSentEvents;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Vargo.Recommendation.Assistant;

namespace Vargo.Recommendation.Apis;

public static class ChatApi
{
    private const int MaxMessageLength = 2000;
    private const int MaxHistory = 20;

    public static RouteGroupBuilder MapChatApi(this RouteGroupBuilder api)
    {
        api.MapPost("/chat", Chat)
            .WithName("ShoppingAssistantChat")
            .WithSummary("Asks the shopping assistant; the answer streams back as server-sent events (event \"text\")");
        return api;
    }

    public static Results<ServerSentEventsResult<string>, ValidationProblem, UnauthorizedHttpResult> Chat(
        ChatRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        ShoppingAssistant assistant,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Message))
        {
            errors["message"] = ["A message is required."];
        }
        else if (request.Message.Length > MaxMessageLength)
        {
            errors["message"] = [$"At most {MaxMessageLength} characters."];
        }
        if (request.History is { Count: > MaxHistory })
        {
            errors["history"] = [$"At most {MaxHistory} turns."];
        }
        else if (request.History?.Any(t => t is null || string.IsNullOrWhiteSpace(t.Text) || t.Text.Length > MaxMessageLength) == true)
        {
            errors["history"] = [$"Each turn needs a text of at most {MaxMessageLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var token = http.Request.Headers[HeaderNames.Authorization].ToString();
        if (!user.TryGetUserId(out var customerId) || !token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Unauthorized();
        }

        var shopper = new Shopper(customerId, token["Bearer ".Length..].Trim());
        var reply = assistant.ReplyAsync(request.Message!, request.History ?? [], shopper, cancellationToken);
        return TypedResults.ServerSentEvents(reply, eventType: "text");
    }
}
