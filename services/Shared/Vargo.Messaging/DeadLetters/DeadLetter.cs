namespace Vargo.Messaging.DeadLetters;

/// <summary>A message whose handlers failed on every attempt, as it sits in the service's dead-letter queue.</summary>
public sealed record DeadLetter(
    string? MessageId,
    string EventType,
    int Attempts,
    string? Error,
    string? FailedAt,
    string Body);

public sealed record DeadLetterReplay(int Replayed);
