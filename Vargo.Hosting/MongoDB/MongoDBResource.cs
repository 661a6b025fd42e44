namespace Vargo.Hosting.MongoDB;

/// <summary>
/// A MongoDB container, declared here because Aspire.Hosting.MongoDB is not obtainable in our package feed;
/// it follows that integration's shape (image, endpoint, root credentials, connection string).
/// </summary>
public sealed class MongoDBServerResource(string name, ParameterResource userName, ParameterResource password)
    : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ParameterResource UserNameParameter { get; } = userName;

    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{UserNameParameter}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/?authSource=admin");

    internal ReferenceExpression DatabaseConnectionString(string databaseName) => ReferenceExpression.Create(
        $"mongodb://{UserNameParameter}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/{databaseName}?authSource=admin");
}

public sealed class MongoDBDatabaseResource(string name, string databaseName, MongoDBServerResource parent)
    : Resource(name), IResourceWithParent<MongoDBServerResource>, IResourceWithConnectionString
{
    public MongoDBServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => Parent.DatabaseConnectionString(DatabaseName);
}
