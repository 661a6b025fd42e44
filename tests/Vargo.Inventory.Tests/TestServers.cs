using Vargo.Testing;

// One PostgreSQL, Redis and RabbitMQ for the whole project, started once (each test class used to start its own);
// each test makes its own store (database, Redis key tag, exchange).
[assembly: AssemblyFixture(typeof(AllServersFixture))]

namespace Vargo.Inventory.Tests;

/// <summary>
/// Tests that wipe the shared Redis (<c>FLUSHDB</c>, standing for a lost cache) run alone, after the parallel tests,
/// so they never wipe another test's keys.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisWipingCollection
{
    public const string Name = "Tests that wipe Redis";
}
