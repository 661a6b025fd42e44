using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vargo.Catalog.Tests.Api;

// The storefront's admin category editor: PUT replaces a category (rename, move). Part of CatalogApiTests so it
// shares that class's servers (a real PostgreSQL behind the same retrying DbContext registration as production).
public sealed partial class CatalogApiTests
{
    [Fact]
    public async Task An_admin_renames_a_category_and_the_tree_shows_the_new_name()
    {
        using var admin = fixture.CreateClient("admin");
        var slug = "rename-" + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostAsJsonAsync("/api/catalog/admin/categories", new { slug, name = "Before", attributes = Array.Empty<object>() }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        var renamed = await admin.PutAsJsonAsync($"/api/catalog/admin/categories/{id}", new { slug, name = "After", attributes = Array.Empty<object>() }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("After", (await renamed.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("name").GetString());
        var tree = await admin.GetStringAsync("/api/catalog/categories", TestContext.Current.CancellationToken);
        Assert.Contains("\"After\"", tree, StringComparison.Ordinal);
    }
}
