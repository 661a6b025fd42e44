namespace Vargo.Messaging.Outbox;

/// <summary>Wakes the outbox relay after a commit that wrote outbox rows.</summary>
internal sealed class OutboxSignal : WakeSignal;
