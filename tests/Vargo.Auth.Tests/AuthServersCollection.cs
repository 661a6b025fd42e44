using Vargo.Testing;

// One PostgreSQL and RabbitMQ for the whole project, started once; each test still gets its own database and Auth instance.
[assembly: AssemblyFixture(typeof(PostgresAndRabbitMQFixture))]

namespace Vargo.Auth.Tests;

/// <summary>
/// The Auth test classes run one after another (as they always have): every instance registers a trace listener
/// that hears the whole process, and a secrets-in-logs test should hear only its own instance.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AuthServersCollection
{
    public const string Name = "Auth servers";
}
