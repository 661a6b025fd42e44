using Vargo.Testing;

namespace Vargo.Messaging.Tests;

/// <summary>One PostgreSQL and one RabbitMQ for every test here; tests run one after another because one stops the broker.</summary>
[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<PostgresAndRabbitMQFixture>
{
    public const string Name = "Messaging servers";
}
