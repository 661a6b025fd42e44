namespace Vargo.Messaging.Contracts;

/// <summary>
/// Base of every event on the bus. <see cref="Id"/> is the message id consumers de-duplicate on (inbox);
/// <see cref="Version"/> lets a contract evolve: consumers ignore fields they do not know and reject
/// versions they cannot read.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>When the business fact happened (the producer sets it from its <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset OccurredAt { get; init; }

    public int Version { get; init; } = 1;
}
