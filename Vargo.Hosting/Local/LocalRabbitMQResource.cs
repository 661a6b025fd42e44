namespace Vargo.Hosting.Local;

/// <summary>A RabbitMQ broker run from the OS packages as a process of the AppHost.</summary>
public sealed class LocalRabbitMQResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    // RabbitMQ lets the guest user in only over loopback, which is the only interface this broker listens on.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
