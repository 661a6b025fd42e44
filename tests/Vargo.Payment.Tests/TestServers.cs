using Vargo.Testing;

// One PostgreSQL for the whole project, started once (each test class used to start its own); each test makes its own database.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
