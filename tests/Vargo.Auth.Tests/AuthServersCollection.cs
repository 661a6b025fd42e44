using Vargo.Testing;

namespace Vargo.Auth.Tests;

/// <summary>One PostgreSQL and RabbitMQ for every Auth test class; each test class still gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class AuthServersCollection : ICollectionFixture<PostgresAndRabbitMQFixture>
{
    public const string Name = "Auth servers";
}
