using Vargo.Testing;

// One PostgreSQL and RabbitMQ for the whole project, started once; each app makes its own database and exchange.
[assembly: AssemblyFixture(typeof(PostgresAndRabbitMQFixture))]
