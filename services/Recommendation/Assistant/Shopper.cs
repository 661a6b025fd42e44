namespace Vargo.Recommendation.Assistant;

/// <summary>The signed-in customer the assistant acts for; the token is forwarded to the Orders API and never logged.</summary>
public sealed record Shopper(Guid CustomerId, string BearerToken);

public sealed record ChatTurn(string Role, string Text);

public sealed record ChatRequest(string? Message, IReadOnlyList<ChatTurn>? History);
