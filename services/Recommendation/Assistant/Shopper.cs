using System.ComponentModel.DataAnnotations;

namespace Vargo.Recommendation.Assistant;

/// <summary>The signed-in customer the assistant acts for; the token is forwarded to the Orders API and never logged.</summary>
public sealed record Shopper(Guid CustomerId, string BearerToken);

/// <summary>One earlier turn: role and text (at most 2000 characters) required.</summary>
public sealed record ChatTurn(
    [property: Required, MaxLength(20)] string Role,
    [property: Required, MaxLength(2000)] string Text);

/// <summary>A message of 1 to 2000 characters and at most 20 earlier turns.</summary>
public sealed record ChatRequest(
    [property: Required, MaxLength(2000)] string? Message,
    [property: MaxLength(20)] IReadOnlyList<ChatTurn>? History);
