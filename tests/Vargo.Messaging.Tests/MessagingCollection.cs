using Vargo.Testing;

// One PostgreSQL and one RabbitMQ for the whole project, started once.
[assembly: AssemblyFixture(typeof(PostgresAndRabbitMQFixture))]

namespace Vargo.Messaging.Tests;

/// <summary>The Messaging tests run one after another because one stops the broker.</summary>
[CollectionDefinition(Name)]
public sealed class MessagingCollection
{
    public const string Name = "Messaging servers";
}
