using Vargo.Messaging;

namespace Vargo.Notification.Dispatch;

/// <summary>Wakes the dispatcher when a transaction that added deliveries commits.</summary>
public sealed class DeliverySignal : WakeSignal;
