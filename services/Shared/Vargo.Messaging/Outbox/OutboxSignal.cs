namespace Vargo.Messaging.Outbox;

/// <summary>
/// Wakes the outbox relay after a commit that wrote outbox messages: EF Core contexts signal it themselves
/// (<see cref="CommitSignalInterceptor{TEntity}"/>); a MongoDB store notifies it after its write.
/// </summary>
public sealed class OutboxSignal : WakeSignal;
