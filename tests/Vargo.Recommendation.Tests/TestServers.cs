using Vargo.Testing;

// One PostgreSQL and RabbitMQ for the whole project, started once (each service fixture used to start its own);
// each service instance and back-fill test makes its own database (and the instances their own exchange and queues).
[assembly: AssemblyFixture(typeof(PostgresAndRabbitMQFixture))]
