using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vargo.Catalog.Store.Postgres;

/// <summary>
/// For <c>dotnet ef migrations add</c> only: the tool needs a context without the AppHost's connection string.
/// It never connects.
/// </summary>
public sealed class CatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql("Host=localhost;Database=catalog_design").Options);
}
