using Vargo.Testing;

// One PostgreSQL, Redis and RabbitMQ for the whole project, started once; each store test and each service instance
// makes its own database (and the service its own Redis database and exchange).
[assembly: AssemblyFixture(typeof(AllServersFixture))]
