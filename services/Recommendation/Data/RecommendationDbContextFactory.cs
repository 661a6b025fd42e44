using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vargo.Recommendation.Data;

/// <summary>For `dotnet ef migrations add` only: the running service gets its connection from Aspire.</summary>
public sealed class RecommendationDbContextFactory : IDesignTimeDbContextFactory<RecommendationDbContext>
{
    public RecommendationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RecommendationDbContext>()
            .UseNpgsql("Host=localhost;Database=recommendationdb")
            .Options);
}
