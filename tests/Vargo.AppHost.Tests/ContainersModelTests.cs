using Aspire.Hosting.Testing;
using Vargo.Testing;

namespace Vargo.AppHost.Tests;

/// <summary>Builds (never starts) the app model in containers mode: what `azd up` and Docker users get.</summary>
public sealed class ContainersModelTests
{
    private static async Task<DistributedApplicationModel> BuildModelAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Vargo_AppHost>(args);
        // Disposed before the test goes on: a built app that is never disposed leaves the AppHost's Main parked at
        // Build(), with app.Run() still ahead of it (the model stays readable after the dispose).
        await using var app = await builder.BuildAsync();
        return app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    [Fact]
    public async Task Backing_servers_are_containers()
    {
        var model = await BuildModelAsync("--Infrastructure", "containers");

        Assert.IsType<ContainerResource>(model.Resources.Single(r => r.Name == "postgres"), exactMatch: false);
        Assert.IsType<ContainerResource>(model.Resources.Single(r => r.Name == "redis"), exactMatch: false);
        Assert.IsType<ContainerResource>(model.Resources.Single(r => r.Name == "messaging"), exactMatch: false);
        Assert.IsType<ContainerResource>(model.Resources.Single(r => r.Name == "mongo"), exactMatch: false);
        // Aspire's own per-project rebuilders are executables parented to their project; no server is one.
        Assert.DoesNotContain(model.Resources.OfType<ExecutableResource>(), r => r is not IResourceWithParent { Parent: ProjectResource });
    }

    [Fact]
    public async Task PostgreSQL_uses_the_pgvector_image()
    {
        var model = await BuildModelAsync("--Infrastructure", "containers");

        var image = model.Resources.Single(r => r.Name == "postgres").Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal("pgvector/pgvector", image.Image);
    }

    [Theory]
    [InlineData("auth", new[] { "authdb", "messaging" })]
    [InlineData("catalog", new[] { "catalogdb", "redis", "messaging" })]
    [InlineData("inventory", new[] { "inventorydb", "redis", "messaging" })]
    [InlineData("orders", new[] { "ordersdb", "messaging" })]
    [InlineData("payment", new[] { "paymentsdb", "messaging" })]
    [InlineData("recommendation", new[] { "recommendationdb", "messaging" })]
    [InlineData("notification", new[] { "notificationsdb", "messaging" })]
    public async Task EveryServiceIsAProjectReferencingItsStores(string service, string[] connectionNames)
    {
        var model = await BuildModelAsync("--Infrastructure", "containers");

        var project = Assert.IsType<ProjectResource>(model.Resources.Single(r => r.Name == service));
        var references = project.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(a => a.Type == "Reference")
            .Select(a => a.Resource.Name)
            .ToHashSet();

        Assert.Superset(connectionNames.ToHashSet(), references);
    }

    [Fact]
    public async Task Catalog_gets_MongoDB_in_containers_and_Postgres_locally()
    {
        var containers = await BuildModelAsync("--Infrastructure", "containers");
        using var data = new TempFolder("vargo-model-");
        var local = await BuildModelAsync("--Infrastructure", "local", "--DataDirectory", data.Path);

        Assert.Equal("mongo", ((IResourceWithParent)containers.Resources.Single(r => r.Name == "catalogdb")).Parent.Name);
        Assert.Equal("postgres", ((IResourceWithParent)local.Resources.Single(r => r.Name == "catalogdb")).Parent.Name);
        Assert.Empty(local.Resources.OfType<ContainerResource>());
    }
}
